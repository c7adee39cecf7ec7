import { z } from 'zod';

// The shape of `extensions.plan`, written once: the TypeScript types below come from it, the
// JSON schema docs/plan.schema.json is generated from it (test/plan/plan-schema.test.ts fails when
// they differ) and the tests parse every plan they receive with it. The gateway itself never
// parses a plan at run time. Times are milliseconds from the moment the request arrived.

const BREAKER = z.enum(['closed', 'open', 'half-open']).describe('The circuit breaker when the call was made.');

/** The parameters that identify a call: never a header, so never the credential. */
const PARAMS = z
  .object({
    id: z.string().optional(),
    prefix: z.string().optional(),
    number: z.string().optional(),
  })
  .strict()
  .describe('The parameters that identify the call (number id, prefix, phone number); the credential is a header and never appears.');

export const planCallSchema = z
  .object({
    endpoint: z
      .string()
      .describe(
        'REST v2 endpoint under numbers/: list, info, available_prefixes, acquirable_numbers, available_access_numbers, save, acquire, update_subscriber, delete.',
      ),
    method: z.enum(['GET', 'POST']),
    params: PARAMS,
    cacheable: z.boolean().describe('Reference data: a later request of the same credential may be served from the reference cache instead.'),
    startMs: z.number().nonnegative().optional().describe('trace: when the call left (after waiting for a concurrency slot).'),
    durationMs: z.number().nonnegative().optional().describe('trace: until the last attempt answered, retries included.'),
    status: z.number().int().optional().describe('trace: HTTP status of the last answer; absent when none came.'),
    retries: z.number().int().nonnegative().optional().describe('trace: attempts after the first (reads only).'),
    error: z
      .enum(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'REJECTED', 'TIMEOUT', 'UNAVAILABLE', 'CIRCUIT_OPEN'])
      .optional()
      .describe('trace: how the call failed; CIRCUIT_OPEN calls were never sent and are not counted in `actual`.'),
    breaker: BREAKER.optional(),
    upTo: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('dry-run: stands for at most this many calls whose keys are known only after an earlier call (e.g. one pool per prefix found).'),
  })
  .strict();

export const planReadSchema = z
  .object({
    endpoint: z.string().describe('The endpoint the read would have called.'),
    source: z
      .enum(['memo', 'list', 'cache', 'shared'])
      .describe(
        'memo: this operation already called it; list: number ids served by the number list this operation loads; cache: the reference cache; shared: joined the same call of another request in flight.',
      ),
    store: z.enum(['memory', 'redis']).optional().describe('cache: where the reference cache lives.'),
    count: z.number().int().positive().describe('How many such reads (fields resolved, ids served).'),
    firstMs: z.number().nonnegative().describe('When the first of them happened.'),
  })
  .strict();

export const planBatchSchema = z
  .object({
    loader: z.string().describe('The per-request loader that dispatched the batch (numberById).'),
    keys: z.number().int().positive().describe('k: distinct ids in the batch.'),
    plan: z.enum(['list', 'info']).describe('One numbers/list call, or one numbers/info call per id.'),
    unitSize: z.number().int().nonnegative().optional().describe("S: the unit's size from its last list call; absent while unknown."),
    listRatio: z.number().describe('PLANNER_LIST_RATIO: list wins when k > 1 + S/ratio.'),
    infoConcurrency: z.number().int().describe('PLANNER_INFO_CONCURRENCY: info calls in one round.'),
    listStarted: z.boolean().describe('The operation already loads the list, so it serves the ids for free.'),
    reason: z.string().describe('The decision in words, e.g. "list because k > 1 + S/ratio (10 > 1 + 30/30 = 2)".'),
    atMs: z.number().nonnegative().optional().describe('trace: when the batch was dispatched.'),
  })
  .strict();

export const planSchema = z
  .object({
    version: z.literal(1),
    mode: z.enum(['trace', 'dry-run']).describe('trace: what the operation did; dry-run: what it would call, nothing called and nothing executed.'),
    estimated: z.number().int().nonnegative().describe('The most upstream calls the operation was estimated to make, as extensions.cost.estimated.'),
    actual: z.number().int().nonnegative().describe('Upstream calls sent, as extensions.cost.actual (0 for a dry-run).'),
    durationMs: z.number().nonnegative().optional().describe('trace: from arrival until the plan was written.'),
    calls: z.array(planCallSchema).describe('trace: every upstream call, in the order they started; dry-run: the calls a cold cache would make.'),
    reads: z.array(planReadSchema).describe('Reads served without an upstream call, grouped by endpoint and source.'),
    batches: z.array(planBatchSchema).describe("The planner's decisions for batches of number ids."),
  })
  .strict()
  .describe('extensions.plan of a response to a request with `Numbers-Plan: trace` or `dry-run` (docs/upstream-plan.md).');

export type Plan = z.infer<typeof planSchema>;
export type PlanCall = z.infer<typeof planCallSchema>;
export type PlanRead = z.infer<typeof planReadSchema>;
export type PlanBatch = z.infer<typeof planBatchSchema>;
export type PlanParams = PlanCall['params'];
