import type { IncomingHttpHeaders } from 'node:http';
import { createPlanRecorder, type PlanRecorder } from './recorder.js';

/** The request header that asks for `extensions.plan`. */
export const PLAN_HEADER = 'numbers-plan';

/**
 * What a request asked for: a trace of what it does (recorded as it runs), a dry-run (planned,
 * nothing run), or a value the gateway does not know (answered with BAD_REQUEST, nothing run).
 */
export type PlanRequest = { mode: 'trace'; recorder: PlanRecorder } | { mode: 'dry-run' } | { mode: 'invalid'; value: string };

export interface PlanGate {
  /** Where the reference cache lives, for its hits in the plan. */
  store: 'memory' | 'redis';
}

/**
 * The plan a request asked for, or `undefined` without the header. Only asked while plans are
 * on: while they are off (production without PLAN_ENABLED=true) nothing reads the header.
 */
export function planRequestOf(headers: IncomingHttpHeaders, startedAt: number, gate: PlanGate): PlanRequest | undefined {
  const given = headers[PLAN_HEADER];
  if (given === undefined) return undefined;
  const value = (Array.isArray(given) ? given.join(',') : given).trim().toLowerCase();
  if (value === 'trace') return { mode: 'trace', recorder: createPlanRecorder(startedAt, gate.store) };
  if (value === 'dry-run') return { mode: 'dry-run' };
  return { mode: 'invalid', value: value.slice(0, 40) };
}
