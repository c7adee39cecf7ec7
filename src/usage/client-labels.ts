import type { ClientIdentity } from './client-identity.js';

// Client names as Prometheus labels and as usage-ledger keys, both bounded.
//
// Every distinct label value is a time series, and client names come from request headers:
// a label keeps a client's name only when the client is known (registered in the client
// registry, or listed in CLIENT_NAMES); any other name is `other`, no name is `unknown`.
// Versions are never a label (a fleet of app versions would multiply every series).

export const UNKNOWN_CLIENT = 'unknown';
export const OTHER_CLIENT = 'other';

export type ClientLabel = (name: string | undefined) => string;

/** Client names that keep theirs: a list, or a test asked each time (the registry is read at start). */
export type KnownClients = Iterable<string> | ((name: string) => boolean);

function isKnownOf(known: KnownClients): (name: string) => boolean {
  if (typeof known === 'function') return known;
  const names = new Set(known);
  return (name) => names.has(name);
}

export function createClientLabel(known: KnownClients): ClientLabel {
  const isKnown = isKnownOf(known);
  return (name) => {
    if (name === undefined) return UNKNOWN_CLIENT;
    return isKnown(name) ? name : OTHER_CLIENT;
  };
}

/** Distinct unregistered client names one process keeps in the ledger; later ones are `other`. */
export const MAX_LEDGER_CLIENTS = 100;
/** Distinct versions kept per client; later ones are `other`. */
export const MAX_LEDGER_VERSIONS = 100;

/**
 * The client and version a ledger entry is counted under. The ledger is for people (who still
 * uses `Destination.type`?), so unregistered clients keep their names too, but only the first
 * MAX_LEDGER_CLIENTS of them per process, and the first MAX_LEDGER_VERSIONS versions of each:
 * headers with a random name per request cannot grow the ledger, in memory or in Redis, beyond
 * that. An absent name or version is `unknown`.
 */
export class LedgerClients {
  private readonly versions = new Map<string, Set<string>>();
  private unregistered = 0;
  private readonly registered: (name: string) => boolean;

  constructor(known: KnownClients) {
    this.registered = isKnownOf(known);
  }

  of(identity: ClientIdentity): { client: string; version: string } {
    const { name } = identity;
    if (name === undefined) return { client: UNKNOWN_CLIENT, version: identity.version ?? UNKNOWN_CLIENT };
    let seen = this.versions.get(name);
    if (seen === undefined) {
      if (!this.registered(name)) {
        if (this.unregistered >= MAX_LEDGER_CLIENTS) return { client: OTHER_CLIENT, version: OTHER_CLIENT };
        this.unregistered += 1;
      }
      seen = new Set();
      this.versions.set(name, seen);
    }
    const version = identity.version ?? UNKNOWN_CLIENT;
    if (seen.has(version)) return { client: name, version };
    if (seen.size >= MAX_LEDGER_VERSIONS) return { client: name, version: OTHER_CLIENT };
    seen.add(version);
    return { client: name, version };
  }
}
