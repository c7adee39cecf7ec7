import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { Estimator } from '../governance/estimate.js';
import type { BatchDecision } from '../loaders/planner.js';
import type { MutationName } from '../write-effects.js';
import { CACHEABLE, decisionFields } from './recorder.js';
import type { Plan, PlanCall, PlanParams } from './shape.js';

/** The endpoint each mutation writes to (src/resolvers/mutations.ts); a new mutation needs a row. */
const WRITE_ENDPOINTS: Readonly<Record<MutationName, string>> = {
  createNumber: 'save',
  updateNumber: 'save',
  acquireNumber: 'acquire',
  updateSubscriber: 'update_subscriber',
  deleteNumber: 'delete',
};

export interface DryRunInput {
  estimator: Estimator;
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Readonly<Record<string, unknown>> | undefined;
  /** The loaders' planner with the request's unit size (Loaders.explainIds). */
  explainIds(k: number): BatchDecision;
  /** ACQUIRABLE_MAX_PREFIXES: the most pools one query loads. */
  maxPrefixes: number;
}

function call(endpoint: string, method: PlanCall['method'], params: PlanParams = {}, upTo?: number): PlanCall {
  return { endpoint, method, params, cacheable: CACHEABLE.has(endpoint), ...(upTo === undefined ? {} : { upTo }) };
}

function idOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

/**
 * What an operation would call, from the estimator's walk (the cost rules) and the batch planner
 * with this request's unit size: the calls of a run on a cold reference cache, nothing called
 * and nothing executed. Calls whose keys only an earlier call reveals (the pools of the prefixes
 * a search finds) are one entry with `upTo`. Listed in the order the operation selects them.
 */
export function dryRunPlan(input: DryRunInput): Plan {
  const calls: PlanCall[] = [];
  const shared = new Set<string>();
  const ids = new Map<string, string>();
  const pools = new Set<string>();
  let nestedPools = 0;
  const estimate = input.estimator.estimate(
    input.schema,
    input.document,
    input.operation,
    { variables: input.variables, planIds: (k) => input.explainIds(k).plan },
    (field) => {
      const { cost } = field;
      if (cost.kind === 'shared') {
        if (!shared.has(cost.call)) calls.push(call(cost.call, 'GET'));
        shared.add(cost.call);
      } else if (cost.kind === 'number-by-id') {
        // `nodes(ids:)`: each id of the list, at most `many` as the estimate counts them.
        const keys = cost.many !== undefined && Array.isArray(field.key) ? field.key.slice(0, cost.many) : [field.key];
        for (const key of keys) ids.set(idOf(key), idOf(key));
      } else if (cost.kind === 'pool' && cost.keyArgument) {
        const prefix = idOf(field.key);
        if (!pools.has(prefix)) calls.push(call('acquirable_numbers', 'GET', { prefix }));
        pools.add(prefix);
      } else if (cost.kind === 'pool') nestedPools += field.times;
      else if (cost.kind === 'write') {
        const mutation = field.path.slice('Mutation.'.length) as MutationName;
        const endpoint = WRITE_ENDPOINTS[mutation];
        for (let i = 0; i < field.times; i++) calls.push(call(endpoint, 'POST'));
      }
    },
  );
  const batches: Plan['batches'] = [];
  if (ids.size > 0) {
    const decision = input.explainIds(ids.size);
    batches.push({ loader: 'numberById', keys: ids.size, ...decisionFields(decision) });
    if (decision.plan === 'info') for (const id of ids.values()) calls.push(call('info', 'GET', { id }));
    else if (!shared.has('list')) calls.push(call('list', 'GET'));
  }
  const left = input.operation.operation === 'query' ? Math.min(nestedPools, Math.max(input.maxPrefixes - pools.size, 0)) : nestedPools;
  if (left > 0) calls.push(call('acquirable_numbers', 'GET', {}, left));
  return { version: 1, mode: 'dry-run', estimated: estimate.total, actual: 0, calls, reads: [], batches };
}
