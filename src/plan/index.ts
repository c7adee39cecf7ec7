// The upstream plan (docs/upstream-plan.md): `Numbers-Plan: trace | dry-run` answers with
// `extensions.plan`, what the operation called (or would call) upstream. Three parts in the
// pipeline (src/pipeline.ts): a guard reads the header, an upstream observer records a trace,
// an Apollo plugin answers a dry-run and writes the plan into the response.

import type { Concern, GatewayPlugin, Guard, RequestObserver } from '../concern.js';
import type { Config } from '../config.js';
import { createEstimator } from '../governance/estimate.js';
import type { RequestRecord } from '../request/incoming.js';
import { planRequestOf, type PlanGate, type PlanRequest } from './mode.js';
import { usePlan } from './plugin.js';

export { PLAN_HEADER, type PlanRequest } from './mode.js';
export type { PlanRecorder } from './recorder.js';
export type { Plan, PlanBatch, PlanCall, PlanRead } from './shape.js';

export interface PlanConcern extends Concern {
  /** Reads `Numbers-Plan`; none while plans are off. */
  readonly guards: { header: readonly Guard[] };
  /** Answers dry-runs, writes `extensions.plan`; none while plans are off. */
  readonly plugins: { plan: readonly GatewayPlugin[] };
  /** The trace's recorder, for the requests that asked for one. */
  readonly observers: { recorder: RequestObserver };
}

const OFF: PlanConcern = { guards: { header: [] }, plugins: { plan: [] }, observers: { recorder: () => undefined } };

/**
 * `Numbers-Plan: trace | dry-run`: on outside production, and in production only with
 * PLAN_ENABLED=true; otherwise nothing of it is in the pipeline and the header is ignored. A
 * plan only ever holds what the request itself did with its own credential (its calls, its
 * reads, its tenant's unit size), never a header or a credential.
 */
export function createPlan(config: Pick<Config, 'plan' | 'planner' | 'redis'>): PlanConcern {
  if (!config.plan.enabled) return OFF;
  const gate: PlanGate = { store: config.redis.url ? 'redis' : 'memory' };
  const maxPrefixes = config.planner.acquirableMaxPrefixes;
  // What each request asked for, kept by its record for as long as the request lives.
  const asked = new WeakMap<RequestRecord, PlanRequest>();
  const header: Guard = {
    name: 'planHeader',
    async run({ req, request: { record } }) {
      const plan = planRequestOf(req.headers, record.startedAt, gate);
      if (plan) asked.set(record, plan);
      return 'continue';
    },
  };
  const recorder: RequestObserver = ({ record }) => {
    const plan = asked.get(record);
    return plan?.mode === 'trace' ? plan.recorder : undefined;
  };
  const plugin = usePlan({ estimator: createEstimator({ maxPrefixes }), maxPrefixes, askedBy: (record) => asked.get(record) });
  return { guards: { header: [header] }, plugins: { plan: [plugin] }, observers: { recorder } };
}
