import DataLoader from 'dataloader';
import type { PlannerConfig } from '../config.js';
import { createLimit } from '../upstream/concurrency.js';
import type { BatchDecisionObserver, MemoEndpoint, MemoReadObserver } from '../upstream/observer.js';
import type { AccessNumberDto, NumberDto, NumbersApi, PrefixDto } from '../upstream/types.js';
import { memo } from './memo.js';
import { explainBatch, planBatch, type BatchDecision, type BatchPlan } from './planner.js';
import { createPrefixIndex, type PrefixIndex } from './prefix-index.js';
import type { UnitSizeMemory } from './unit-size.js';

export interface LoaderDeps {
  planner: PlannerConfig;
  /** Hash of the caller's credential: the tenant, never the raw token. */
  tenantKey: string;
  unitSizes: UnitSizeMemory;
  /** Told of each batch a loader dispatches, with its keys (metrics count them; tests record them). */
  onBatch?: (loader: string, keys: readonly string[]) => void;
  /** Told of the planner's decision for each batch of ids, with its inputs; absent, no decision is explained. */
  onBatchDecision?: BatchDecisionObserver;
  /** Told of each read a per-request memo served without a call. */
  onMemoRead?: MemoReadObserver;
}

/**
 * The prefix index of a prefixes list, built once per list: the reference cache hands every
 * request the same frozen array while the tenant's stored prefixes are unchanged, and indexing
 * 159 prefixes on every dashboard request showed in the profile (~1 % of its CPU). Keyed by the
 * array itself, so an index only ever reaches a request that already holds its list.
 */
const prefixIndexes = new WeakMap<readonly PrefixDto[], PrefixIndex>();
function indexOf(prefixes: readonly PrefixDto[]): PrefixIndex {
  let index = prefixIndexes.get(prefixes);
  if (!index) prefixIndexes.set(prefixes, (index = createPrefixIndex(prefixes)));
  return index;
}

/**
 * Creates the loaders of ONE request. Called from the context factory for every GraphQL
 * request; never shared across requests, so one caller's numbers can never reach another.
 */
export function createLoaders(api: NumbersApi, deps: LoaderDeps) {
  const { planner, tenantKey, unitSizes, onBatchDecision, onMemoRead } = deps;
  const reused = (endpoint: MemoEndpoint) => (onMemoRead ? () => onMemoRead(endpoint) : undefined);
  // Read once: the operation's cost estimate (src/governance) and its batches then plan with the
  // same unit size, even if another request of the tenant learns a new one meanwhile.
  const unitSize = unitSizes.get(tenantKey);

  const numberList = memo(async () => {
    const numbers = await api.list();
    unitSizes.set(tenantKey, numbers.length);
    for (const n of numbers) numberById.prime(String(n.id), n);
    return numbers;
  }, reused('list'));

  async function loadNumbers(ids: readonly string[]): Promise<Array<NumberDto | null | Error>> {
    deps.onBatch?.('numberById', ids);
    const input = { batchSize: ids.length, unitSize, listStarted: numberList.started() };
    const plan = planBatch(input, planner);
    onBatchDecision?.('numberById', explainBatch(input, planner));
    if (plan === 'list') {
      const byId = new Map((await numberList.get()).map((n) => [String(n.id), n]));
      return ids.map((id) => byId.get(id) ?? null);
    }
    const limit = createLimit(planner.infoConcurrency);
    return Promise.all(ids.map((id) => limit(() => api.info(id)).catch((error: Error) => error)));
  }

  const numberById = new DataLoader<string, NumberDto | null>(loadNumbers, { maxBatchSize: planner.maxBatch });

  const prefixes = memo(() => api.availablePrefixes(), reused('available_prefixes'));
  const prefixIndex = memo<PrefixIndex>(async () => indexOf(await prefixes.get()), reused('available_prefixes'));

  const acquirableLimit = createLimit(planner.acquirableConcurrency);
  const acquirablePrefixes = new Set<string>();
  const acquirableByPrefix = new DataLoader<string, readonly string[]>(
    (keys) => {
      deps.onBatch?.('acquirableByPrefix', keys);
      return Promise.all(keys.map((p) => acquirableLimit(() => api.acquirableNumbers(p)).catch((e: Error) => e)));
    },
    { maxBatchSize: planner.maxBatch },
  );

  const accessNumbers = memo<readonly AccessNumberDto[]>(() => api.availableAccessNumbers(), reused('available_access_numbers'));

  return {
    numberList,
    numberById,
    /** How a batch of `k` ids would be served before any list is loaded: what the estimator counts. */
    planIds: (k: number): BatchPlan => planBatch({ batchSize: k, unitSize, listStarted: false }, planner),
    /** `planIds` with its inputs and reason: the dry-run plan's batch decision. */
    explainIds: (k: number): BatchDecision => explainBatch({ batchSize: k, unitSize, listStarted: false }, planner),
    prefixes,
    /** The available prefix a national number falls under (longest match), or null. */
    prefixOf: async (number: string): Promise<PrefixDto | null> => (await prefixIndex.get()).lookup(number),
    acquirableByPrefix,
    /**
     * Whether this operation may load one more prefix's pool: each is an upstream call, and
     * `availablePrefixes { acquirableNumbers }` over every area would be ~160 of them.
     */
    admitPrefix(prefix: string): boolean {
      if (acquirablePrefixes.has(prefix)) return true;
      if (acquirablePrefixes.size >= planner.acquirableMaxPrefixes) return false;
      acquirablePrefixes.add(prefix);
      return true;
    },
    accessNumbers,
    /** After a write: the request sees the new state, not what it loaded before. */
    numberWritten(dto: NumberDto): void {
      numberList.clear();
      numberById.clear(String(dto.id)).prime(String(dto.id), dto);
    },
    numberDeleted(id: string): void {
      numberList.clear();
      numberById.clear(id).prime(id, null);
    },
    /** Acquiring takes a number out of its prefix's pool. */
    poolChanged(): void {
      acquirableByPrefix.clearAll();
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
