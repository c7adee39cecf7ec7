// Coalescing of identical operations in flight (docs/coalescing.md, "Whole queries"). When a
// query arrives while the same query of the same credential (same document, operation name and
// variables) is running, it waits for that operation's answer instead of running its own: no
// execution, no resolver, loader or upstream read (its context is still built: Apollo asks for it
// before any plugin hook). Like the read coalescer (src/upstream/coalesce.ts)
// it is not a cache: nothing outlives the operation, and an answer only ever goes to requests
// that were already waiting while it was being made.
//
// Rules (the plugin, ./plugin.ts, applies them):
// - The key is the credential's hash, the document's hash, the operation name and the
//   variables: two credentials never share, even of one unit.
// - Only queries; a mutation (any credential, this replica) ends sharing for every operation
//   started before it, when it starts and again when it ends.
// - Each waiter keeps its own budget and its own client: when either runs out, it stops waiting
//   and runs the operation itself, exactly as it would have without coalescing.
// - An answer that depends on the leader's own budget or credential check (an UPSTREAM_TIMEOUT
//   or UNAUTHENTICATED error, a status other than 200, no data) is not shared: the waiters then
//   run the operation themselves. The leader's reads stay in flight until the waiters' budgets
//   end (`Lead.heldUntil`), so theirs join them rather than calling the upstream again.

import type { GraphQLFormattedError } from 'graphql';
import type { Waiter } from '../upstream/coalesce.js';

/** What the leader's operation answered, handed as is to every request that waited for it. */
export interface SharedAnswer {
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly GraphQLFormattedError[] | undefined;
  /** The upstream reads behind the answer, by endpoint: the leader's calls and its own shared reads. */
  readonly reads: ReadonlyMap<string, number>;
}

export interface OperationCoalescer {
  /**
   * Waits for the identical operation in flight: its answer, or `undefined` when the waiter must
   * run the operation itself (its budget ran out, its client went away, the answer is not
   * shareable). Returns `undefined` at once, not a promise, when there is none to join.
   */
  join(key: string, waiter: Waiter): Promise<SharedAnswer | undefined> | undefined;
  /** The caller runs the operation under `key` with a budget ending at `endsAt`; see `Lead`. */
  lead(key: string, endsAt: number): Lead;
  /** A write started or ended: no operation started before now is joined again. */
  wrote(): void;
  /** Requests waiting for another request's operation right now. */
  readonly waiting: number;
}

type Settle = (answer: SharedAnswer | undefined) => void;

/**
 * How long past its own budget a leader may still be finishing its answer (its reads have timed
 * out by then; what is left is a few milliseconds of work, on a busy machine more). Later, no one
 * joins it any more.
 */
const STALE_AFTER_MS = 5000;

/** The operation a request runs while identical ones may wait for it. */
export interface Lead {
  /** Hands its answer to the waiters (once); `undefined`: they run the operation themselves. */
  settle: Settle;
  /**
   * The latest budget of the requests that joined (0 while none has): the reads this operation
   * makes are not cancelled before it, so that waiters who must run the operation themselves
   * (after this one ran out of time) still find them in flight (src/upstream/coalesce.ts).
   */
  heldUntil(): number;
}

/** One operation in flight and the requests waiting for it. */
class Flight {
  private readonly waiters = new Set<Settle>();
  /** The latest budget of any request that joined; never moves earlier, as for reads. */
  latestEndsAt = 0;

  constructor(
    private readonly counter: { waiting: number },
    /** The end of the leader's own budget: it answers by then, or soon after. */
    readonly leaderEndsAt: number,
  ) {}

  wait({ endsAt, departure }: Waiter): Promise<SharedAnswer | undefined> {
    if (departure?.gone) return Promise.resolve(undefined);
    if (endsAt > this.latestEndsAt) this.latestEndsAt = endsAt;
    return new Promise((resolve) => {
      const done: Settle = (answer) => {
        if (!this.waiters.delete(done)) return;
        this.counter.waiting -= 1;
        clearTimeout(timer);
        unwatch?.();
        resolve(answer);
      };
      this.waiters.add(done);
      this.counter.waiting += 1;
      const timer = setTimeout(() => done(undefined), Math.max(0, endsAt - performance.now()));
      const unwatch = departure?.watch(() => done(undefined));
    });
  }

  settle(answer: SharedAnswer | undefined): void {
    for (const done of [...this.waiters]) done(answer);
  }
}

/** The operations in flight of one gateway process; see the rules at the top of this file. */
export function createOperationCoalescer(): OperationCoalescer {
  const flights = new Map<string, Flight>();
  const counter = { waiting: 0 };
  return {
    join(key, waiter) {
      const flight = flights.get(key);
      if (!flight) return undefined;
      if (performance.now() > flight.leaderEndsAt + STALE_AFTER_MS) {
        // Its request ended without handing on an answer (a hook of another plugin threw, and
        // Apollo skips willSendResponse then): forget it, and let anyone still waiting run.
        flights.delete(key);
        flight.settle(undefined);
        return undefined;
      }
      return flight.wait(waiter);
    },
    lead(key, endsAt) {
      const flight = new Flight(counter, endsAt);
      flights.set(key, flight);
      let settled = false;
      return {
        settle(answer) {
          if (settled) return;
          settled = true;
          if (flights.get(key) === flight) flights.delete(key);
          flight.settle(answer);
        },
        heldUntil: () => flight.latestEndsAt,
      };
    },
    wrote() {
      flights.clear();
    },
    get waiting() {
      return counter.waiting;
    },
  };
}

/**
 * The key of an operation: what its answer depends on besides the upstream's data. `undefined`
 * for variables JSON cannot write back (nested deeper than its stack): such a request is not shared.
 */
export function operationKey(tenantKey: string, queryHash: string, operationName: string | undefined, variables: unknown): string | undefined {
  let sent = '';
  try {
    if (variables !== undefined) sent = JSON.stringify(variables);
  } catch {
    return undefined;
  }
  return `${tenantKey}\n${queryHash}\n${operationName ?? ''}\n${sent}`;
}

/** What the shared-operations plugin needs of a request (its context holds it). */
export interface OperationSharing {
  /** The request's operation budget and its client's departure: how long it may wait. */
  readonly waiter: Waiter;
  /** Keeps the reads this request leads in flight until `until()` for the requests waiting for it. */
  holdCalls(until: () => number): void;
  /** Reports the reads behind an answer it got from another request's operation, as reads it shared. */
  shareReads(reads: ReadonlyMap<string, number>, waitedMs: number): void;
}
