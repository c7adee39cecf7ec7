import type { DestinationKind } from '../generated/graphql.js';

/**
 * The upstream's destination types and the schema's kinds. One table, read by the
 * `Destination.kind` field, the `destinationKind` filter and `DestinationInput.kind`, so a
 * filter matches exactly what the field shows and a mutation sends what the upstream expects.
 * The upstream spells types in PascalCase (`Menu`, `CallGroup`); it is matched ignoring case,
 * as the deprecated `destinationType` filter always was.
 */
const UPSTREAM: Readonly<Record<Exclude<DestinationKind, 'UNKNOWN'>, string>> = {
  MENU: 'Menu',
  QUEUE: 'Queue',
  EXTENSION: 'Extension',
  VOICEMAIL: 'Voicemail',
  CALL_GROUP: 'CallGroup',
  CONFERENCE: 'Conference',
};

const KIND_OF = new Map<string, DestinationKind>(Object.entries(UPSTREAM).map(([kind, type]) => [type.toLowerCase(), kind as DestinationKind]));

/** The kind of an upstream destination type; `UNKNOWN` for a type this gateway does not know. */
export function kindOf(upstreamType: string): DestinationKind {
  return KIND_OF.get(upstreamType.toLowerCase()) ?? 'UNKNOWN';
}

/** The upstream's spelling of a kind; `undefined` for `UNKNOWN`, which names no one type. */
export function upstreamTypeOf(kind: DestinationKind): string | undefined {
  return kind === 'UNKNOWN' ? undefined : UPSTREAM[kind];
}
