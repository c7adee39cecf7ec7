import type { DestinationKind } from '../generated/graphql.js';

/**
 * The upstream's destination types and the schema's kinds. A kind IS the upstream's spelling of
 * its type (`Menu`, `CallGroup`), as the contract asks; this list, read by the `Destination.kind`
 * field, the `destinationKind` filter and `DestinationInput.kind`, names the types this gateway
 * knows, so a filter matches exactly what the field shows and a mutation sends what the upstream
 * expects. Upstream types are matched ignoring case, as the deprecated `destinationType` filter
 * always was.
 */
const KNOWN: readonly Exclude<DestinationKind, 'UNKNOWN'>[] = ['Menu', 'Queue', 'Extension', 'Voicemail', 'CallGroup', 'Conference'];

const KIND_OF = new Map<string, DestinationKind>(KNOWN.map((kind) => [kind.toLowerCase(), kind]));

/** The kind of an upstream destination type; `UNKNOWN` for a type this gateway does not know. */
export function kindOf(upstreamType: string): DestinationKind {
  return KIND_OF.get(upstreamType.toLowerCase()) ?? 'UNKNOWN';
}

/** The upstream's spelling of a kind (the kind itself); `undefined` for `UNKNOWN`, which names no one type. */
export function upstreamTypeOf(kind: DestinationKind): string | undefined {
  return kind === 'UNKNOWN' ? undefined : kind;
}
