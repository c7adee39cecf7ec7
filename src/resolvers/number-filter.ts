import type { DestinationKind, QueryNumbersArgs, SubscriberStatus } from '../generated/graphql.js';
import type { NumberContextDto, NumberDto } from '../upstream/types.js';
import { kindOf } from './destination-kind.js';
import { parseUkPrefix, prefixMessage } from '../phone/uk-number.js';
import { statusOf } from './subscriber-status.js';
import { badInput, DESTINATION_TYPE, requireSearch } from './validation.js';

/**
 * The filters of `numbers`, checked and normalised once per field. Every value is in its
 * canonical form (lower case where matching ignores case, national digits for `prefix`), so the
 * same filters always bind cursors to the same key, however the client spelled them.
 */
export interface NumberFilter {
  context: NumberContextDto | null;
  /** Lower case; `null` when absent or blank. */
  search: string | null;
  subscriberStatus: SubscriberStatus | null;
  recordingEnabled: boolean | null;
  /** Lower case. */
  destinationType: string | null;
  destinationKind: DestinationKind | null;
  /** National digits, e.g. `01224`. */
  prefix: string | null;
}

type FilterArgs = Pick<QueryNumbersArgs, 'context' | 'search' | 'subscriberStatus' | 'recordingEnabled' | 'destinationType' | 'destinationKind' | 'prefix'>;

/**
 * The arguments with every blank string (empty or only white space) taken out: a blank filter
 * means "no filter", whatever the filter. A search box cleared by its user sends `""`, and a
 * form's empty select sends `""` too. Generic on purpose, so a string filter added later
 * behaves the same without anyone remembering to.
 */
export function withoutBlankStrings<T extends object>(args: T): T {
  let result: T | undefined;
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== 'string' || value.trim() !== '') continue;
    result ??= { ...args };
    delete (result as Record<string, unknown>)[name];
  }
  return result ?? args;
}

/** Checks the filter arguments before any upstream call; a bad one is `BAD_USER_INPUT`. */
export function checkFilter(given: FilterArgs): NumberFilter {
  const args = withoutBlankStrings(given);
  const search = args.search == null ? '' : requireSearch(args.search).toLowerCase();
  let destinationType: string | null = null;
  if (args.destinationType != null) {
    if (!DESTINATION_TYPE.test(args.destinationType)) {
      throw badInput('destinationType must be a destination type such as Menu or Queue.', 'destinationType');
    }
    destinationType = args.destinationType.toLowerCase();
  }
  const destinationKind = args.destinationKind ?? null;
  // Both filters at once (a client moving from one to the other) must name the same kind: two
  // that cannot both match would silently return nothing.
  if (destinationType !== null && destinationKind !== null && kindOf(destinationType) !== destinationKind) {
    throw badInput(
      `destinationType ${JSON.stringify(args.destinationType)} and destinationKind ${destinationKind} name different kinds; give destinationKind only.`,
      'destinationKind',
    );
  }
  let prefix: string | null = null;
  if (args.prefix != null) {
    const parsed = parseUkPrefix(args.prefix);
    if (!parsed.ok) throw badInput(prefixMessage(parsed.problem, 'prefix'), 'prefix');
    prefix = parsed.value;
  }
  return {
    context: args.context ?? null,
    search: search === '' ? null : search,
    subscriberStatus: args.subscriberStatus ?? null,
    recordingEnabled: args.recordingEnabled ?? null,
    destinationType,
    destinationKind,
    prefix,
  };
}

function matchesSearch(n: NumberDto, needle: string): boolean {
  const digits = needle.replace(/[\s+()-]/g, '');
  if (/^\d+$/.test(digits) && (n.number.includes(digits) || `44${n.number.slice(1)}`.includes(digits))) return true;
  const subscriber = n.aquisition?.subscriber;
  const haystack = [n.destination?.object.name, subscriber?.name, subscriber?.first_name];
  return haystack.some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
}

/** Whether a number passes every filter given (AND); an absent filter passes everything. */
export function matchesFilter(n: NumberDto, f: NumberFilter): boolean {
  if (f.context !== null && n.context !== f.context) return false;
  if (f.recordingEnabled !== null && n.recording_enabled !== f.recordingEnabled) return false;
  if (f.prefix !== null && !n.number.startsWith(f.prefix)) return false;
  if (f.destinationType !== null && n.destination?.type.toLowerCase() !== f.destinationType) return false;
  if (f.destinationKind !== null && (!n.destination || kindOf(n.destination.type) !== f.destinationKind)) return false;
  if (f.subscriberStatus !== null) {
    const subscriber = n.aquisition?.subscriber;
    if (!subscriber || statusOf(subscriber.status) !== f.subscriberStatus) return false;
  }
  return f.search === null || matchesSearch(n, f.search);
}
