import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { BatchPlan } from '../loaders/planner.js';
import { compileOperation, type CompiledOperation, type CostNode, type PageSource, type ValueSource } from './compile.js';
import { ASSUMED_LIST_SIZE, WRITE_CALLS, type FieldCost, type SharedCall } from './cost-rules.js';

/** The most upstream calls one operation can make, by cause (the refusal message names the largest). */
export interface Estimate {
  total: number;
  /** `list`, `available_prefixes`, `available_access_numbers`: at most one each per operation. */
  shared: number;
  /** `info` calls the planner may choose for the operation's `number(id)` fields. */
  numberInfo: number;
  /**
   * `acquirable_numbers` calls: one per prefix. A query loads at most ACQUIRABLE_MAX_PREFIXES
   * pools (the loaders admit no more), so its count never exceeds that.
   */
  pools: number;
  /**
   * Prefixes the operation certainly asks pools for: sizes from `first`, page sizes and the
   * whole list of areas, but a search-narrowed list as one. More than ACQUIRABLE_MAX_PREFIXES
   * would be refused by the loaders on the prefixes past it, so the operation is refused first.
   */
  prefixes: number;
  /** Mutations: each write and its possible read-back. */
  writes: number;
  /** Root fields without a cost rule, assumed to cost one call each. */
  other: number;
  /** Lists of unknown size that multiplied a cost below them: the size counted, and whether a search narrowed it. */
  assumed: Array<{ path: string; size: number; searched: boolean }>;
}

export interface EstimateInput {
  /** The request's variables as sent (coercion has not happened yet). */
  variables: Readonly<Record<string, unknown>> | undefined;
  /** The planner's choice for a batch of `k` ids, with the unit size the request's loaders use. */
  planIds(k: number): BatchPlan;
}

/** A client-chosen `first` of 10^12 must not turn into Infinity or lose precision. */
const MAX_LIST_SIZE = 1_000_000;

/**
 * Variables are read here before Apollo coerces them, as the client sent them: an array nested
 * thousands deep overflows JSON.stringify's stack. Such a value is no id or prefix; coercion
 * refuses it (BAD_USER_INPUT) before any call, so all of them may share one key.
 */
function keyOf(value: unknown): string {
  if (typeof value === 'string') return `s:${value}`;
  try {
    return `j:${JSON.stringify(value) ?? 'undefined'}`;
  } catch {
    return 'unkeyable';
  }
}

export interface EstimatorOptions {
  /**
   * ACQUIRABLE_MAX_PREFIXES: pools one query may load at most, and what a list narrowed by a
   * search (and without `first`) is counted as.
   */
  maxPrefixes: number;
}

/**
 * Hears each field with a cost rule that the estimate counts: its rule, how often it may run at
 * most, and its key's value (`number(id:)`, `acquirableNumbers(prefix:)`). The upstream plan's
 * dry-run (src/plan/dry-run.ts) builds its list of calls from it; estimates without it pay nothing.
 */
export type CostedFieldObserver = (field: { path: string; cost: FieldCost; times: number; key: unknown }) => void;

/** Evaluates a compiled operation with one request's variables. */
export function evaluate(plan: CompiledOperation, input: EstimateInput, options: EstimatorOptions, onField?: CostedFieldObserver): Estimate {
  const variables = input.variables ?? {};
  const valueOf = (source: ValueSource): unknown => {
    if ('literal' in source) return source.literal;
    return Object.hasOwn(variables, source.variable) ? variables[source.variable] : plan.defaults.get(source.variable);
  };
  // A condition whose variable is not a boolean fails coercion: nothing runs, and counting the
  // field anyway keeps the estimate an upper bound.
  const holds = (when: CostNode['when']): boolean =>
    when.some((conditions) =>
      conditions.every((c) => {
        const value = valueOf({ variable: c.variable });
        return typeof value !== 'boolean' || value === c.includeWhen;
      }),
    );
  const sizeOf = (page: PageSource): number | undefined => {
    const given = page.given.map(valueOf).filter((v): v is number => Number.isInteger(v) && (v as number) >= 0);
    return given.length > 0 ? Math.min(Math.max(...given), MAX_LIST_SIZE) : page.fallback;
  };

  const shared = new Set<SharedCall>();
  const ids = new Set<string>();
  const poolKeys = new Set<string>();
  const assumed = new Map<string, { size: number; searched: boolean }>();
  let nestedPools = 0;
  let surePools = 0;
  let writes = 0;
  let other = 0;

  /** `times`: how often a field may run at most; `sure`: the same with narrowed lists as one item. */
  const walk = (nodes: readonly CostNode[], times: number, sure: number, page: number | undefined): void => {
    // Below a list of size 0 (`numbers(first: 0)`) nothing runs, shared calls included.
    if (times === 0) return;
    for (const node of nodes) {
      if (!holds(node.when)) continue;
      const cost = node.cost;
      if (onField && cost) onField({ path: node.path, cost, times, key: node.key ? valueOf(node.key) : undefined });
      if (cost?.kind === 'shared') shared.add(cost.call);
      else if (cost?.kind === 'number-by-id') {
        const value = node.key ? valueOf(node.key) : undefined;
        // A list of ids (`nodes`) adds each; one value where a list is expected is coerced to a
        // list of one. A list longer than allowed is refused before any call: counting its
        // first `many` keeps the estimate an upper bound.
        if (cost.many !== undefined && Array.isArray(value)) for (const id of value.slice(0, cost.many)) ids.add(keyOf(id));
        else ids.add(keyOf(value));
      } else if (cost?.kind === 'pool' && node.key) poolKeys.add(keyOf(valueOf(node.key)));
      else if (cost?.kind === 'pool') {
        nestedPools += times;
        surePools += sure;
      } else if (cost?.kind === 'write') writes += times;
      else if (cost?.kind === 'each') other += times;
      if (node.children.length === 0) continue;
      let childTimes = times;
      let childSure = sure;
      let childPage = node.page ? sizeOf(node.page) : page;
      if (node.list) {
        let size = childPage;
        let sureSize = childPage;
        if (size === undefined) {
          const narrowed = node.narrow ? valueOf(node.narrow) : undefined;
          const searched = typeof narrowed === 'string' && narrowed.trim() !== '';
          size = searched ? options.maxPrefixes : ASSUMED_LIST_SIZE;
          sureSize = searched ? 1 : ASSUMED_LIST_SIZE;
          if ((assumed.get(node.path)?.size ?? 0) < size) assumed.set(node.path, { size, searched });
        }
        childTimes = Math.min(times * size, MAX_LIST_SIZE);
        childSure = Math.min(sure * (sureSize ?? size), MAX_LIST_SIZE);
        childPage = undefined;
      }
      walk(node.children, childTimes, childSure, childPage);
    }
  };
  walk(plan.nodes, 1, 1, undefined);

  let numberInfo = 0;
  if (ids.size > 0) {
    // A list the operation loads anyway is shared; otherwise the planner may pick k info calls.
    // Both at once is the worst case: the batch can be dispatched before a page starts the list.
    if (input.planIds(ids.size) === 'list') shared.add('list');
    else numberInfo = ids.size;
  }
  // Writes clear the pools a mutation reloads, so only a query is bounded by the loaders' cap.
  const requested = poolKeys.size + nestedPools;
  const pools = plan.operation === 'query' ? Math.min(requested, options.maxPrefixes) : requested;
  const writeCalls = writes * WRITE_CALLS;
  return {
    total: shared.size + numberInfo + pools + writeCalls + other,
    shared: shared.size,
    numberInfo,
    pools,
    prefixes: poolKeys.size + surePools,
    writes: writeCalls,
    other,
    assumed: [...assumed].map(([path, list]) => ({ path, ...list })),
  };
}

export interface Estimator {
  /**
   * The estimate of `operation` (of a validated `document`) with one request's variables. The
   * document's part is compiled once and kept for as long as the document object lives (Apollo
   * keeps parsed documents by query hash), so a repeated operation costs only the evaluation.
   * Throws `TooComplexToEstimate` for a document whose fragments expand beyond reason.
   */
  estimate(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, input: EstimateInput, onField?: CostedFieldObserver): Estimate;
}

/** Creates an estimator with its own per-document cache. */
export function createEstimator(options: EstimatorOptions): Estimator {
  const compiled = new WeakMap<OperationDefinitionNode, CompiledOperation | Error>();
  return {
    estimate(schema, document, operation, input, onField) {
      let plan = compiled.get(operation);
      if (plan === undefined) {
        try {
          plan = compileOperation(schema, document, operation);
        } catch (error) {
          plan = error instanceof Error ? error : new Error(String(error));
        }
        compiled.set(operation, plan);
      }
      if (plan instanceof Error) throw plan;
      return evaluate(plan, input, options, onField);
    },
  };
}
