// What each field that can reach the upstream costs, in upstream calls: the rules the loaders
// (src/loaders/index.ts) and the batch planner (src/loaders/planner.ts) follow, written down
// once for the estimator. A field not listed here makes no upstream call of its own (it maps a
// value its parent already loaded); a root field not listed is costed as one call, and
// test/governance/estimate.test.ts fails until it gets a row.

import { PAGE_SIZE_DEFAULT } from '../resolvers/connection.js';
import { MAX_NODE_IDS } from '../resolvers/node.js';
import { WRITE_EFFECTS } from '../write-effects.js';

/** Endpoints a request calls at most once, whatever the operation selects (per-request memos). */
export type SharedCall = 'list' | 'available_prefixes' | 'available_access_numbers';

export type FieldCost =
  /**
   * A per-request memo: one call for the whole operation, however often the field appears.
   * `defaultPage`: the page size the resolver uses without `first`; `narrowedBy`: an argument
   * that, when given, filters the list to a size unknown before the call.
   */
  | { kind: 'shared'; call: SharedCall; defaultPage?: number; narrowedBy?: string }
  /**
   * `number(id)`, `node(id)`, `nodes(ids)`: ids of one tick form one batch, which the planner
   * serves with one list call or one info call per distinct id. `many`: the argument is a list
   * of ids (at most `many` of them; a longer list is refused before any call).
   */
  | { kind: 'number-by-id'; keyArgument: string; many?: number }
  /**
   * One `acquirable_numbers` call per distinct prefix: named by `keyArgument` at the root, or
   * the parent `Prefix` (one per prefix the parent list returns).
   */
  | { kind: 'pool'; keyArgument?: string }
  /** A mutation: its write, sent once, and the read-back when the answer is lost (mutation-verify.ts). */
  | { kind: 'write' }
  /** One call each time the field is selected: the assumption for a root field without a rule. */
  | { kind: 'each' };

/**
 * The assumed size of a list whose size is unknown before the call: `availablePrefixes` without
 * `first` returns every area the provider has (159 today). Narrowed by a search, it is counted
 * as the most pools a query may load (ACQUIRABLE_MAX_PREFIXES, estimate.ts): the loaders never
 * load more, and a search broader than that errs on the prefixes past it.
 */
export const ASSUMED_LIST_SIZE = 160;

const WRITE: FieldCost = { kind: 'write' };

export const FIELD_COSTS: ReadonlyMap<string, FieldCost> = new Map<string, FieldCost>([
  // The numbers resolver pages one list per operation; its `first` defaults to PAGE_SIZE_DEFAULT.
  ['Query.numbers', { kind: 'shared', call: 'list', defaultPage: PAGE_SIZE_DEFAULT }],
  ['Query.numberByNumber', { kind: 'shared', call: 'list' }],
  ['Query.number', { kind: 'number-by-id', keyArgument: 'id' }],
  // Every node is a number: the same loader, the same batch, the same rule (resolvers/node.ts).
  ['Query.node', { kind: 'number-by-id', keyArgument: 'id' }],
  ['Query.nodes', { kind: 'number-by-id', keyArgument: 'ids', many: MAX_NODE_IDS }],
  ['Query.availablePrefixes', { kind: 'shared', call: 'available_prefixes', narrowedBy: 'search' }],
  ['Query.acquirableNumbers', { kind: 'pool', keyArgument: 'prefix' }],
  ['Query.accessNumbers', { kind: 'shared', call: 'available_access_numbers' }],
  // The longest-match index is built from the same memo as availablePrefixes.
  ['Number.prefix', { kind: 'shared', call: 'available_prefixes' }],
  ['Prefix.acquirableNumbers', { kind: 'pool' }],
  ...Object.keys(WRITE_EFFECTS).map((mutation): [string, FieldCost] => [`Mutation.${mutation}`, WRITE]),
]);

/** Calls a mutation can make: the write, plus one read when its answer is lost. */
export const WRITE_CALLS = 2;

/** Cost of a root field nobody wrote a rule for: it is assumed to call the upstream once. */
export const UNKNOWN_ROOT_FIELD: FieldCost = { kind: 'each' };
