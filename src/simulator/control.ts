import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError, sendError, sendJson, successBody } from './envelope.js';
import { FaultSyntaxError } from './faults.js';
import { readBody } from './params.js';
import type { FaultRule, SimulatorStats } from './types.js';

// /__simulator/* endpoints for tests and tooling: no auth, never counted in the stats.

export interface ControlDeps {
  stats(): SimulatorStats;
  resetStats(): void;
  resetData(): void;
  faultsEnabled: boolean;
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  listFaults(): FaultRule[];
}

const faultRulesBody = z.strictObject({
  rules: z.array(
    z.strictObject({
      fault: z.string(),
      endpoint: z.string().optional(),
      unit: z.string().optional(),
      times: z.number().int().positive().optional(),
    }),
  ),
});

async function setFaultsFromBody(deps: ControlDeps, req: IncomingMessage): Promise<string> {
  if (!deps.faultsEnabled) throw new ApiError(403, 'faults are disabled; start the simulator with faults enabled');
  const body = await readBody(req);
  if (body.kind === 'too-large') throw new ApiError(413, 'request body too large');
  // An aborted upload has nobody left to answer; the 400 below goes nowhere and changes nothing.
  if (body.kind === 'aborted') throw new ApiError(400, 'request aborted');
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    throw new ApiError(400, 'malformed JSON body');
  }
  const parsed = faultRulesBody.safeParse(json);
  if (!parsed.success) throw new ApiError(400, `body must be {"rules":[{"fault":"...","endpoint"?,"unit"?,"times"?}]}`);
  try {
    deps.setFaults(parsed.data.rules);
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new ApiError(400, error.message);
    throw error;
  }
  return JSON.stringify({ rules: deps.listFaults() });
}

type ControlAction = (deps: ControlDeps, req: IncomingMessage, query: URLSearchParams) => string | Promise<string>;

const CONTROL_ROUTES: Record<string, Partial<Record<string, ControlAction>>> = {
  '/__simulator/reset': {
    POST: (deps, _req, query) => {
      deps.resetStats();
      const data = query.get('data') === 'true';
      if (data) deps.resetData();
      return JSON.stringify({ stats: true, data });
    },
  },
  '/__simulator/faults': {
    GET: (deps) => JSON.stringify({ rules: deps.listFaults() }),
    POST: setFaultsFromBody,
    DELETE: (deps) => {
      deps.clearFaults();
      return 'true';
    },
  },
};

export async function handleControl(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  const startedAt = performance.now();
  try {
    if (path === '/__simulator/stats' && req.method === 'GET') {
      // The bare stats object, not an envelope: it is the documented SimulatorStats shape.
      sendJson(res, 200, JSON.stringify(deps.stats()));
      return;
    }
    const route = CONTROL_ROUTES[path];
    if (route === undefined && path !== '/__simulator/stats') throw new ApiError(404, `unknown path ${path}`);
    const action = route?.[req.method ?? ''];
    if (action === undefined) throw new ApiError(405, `method ${req.method ?? ''} not allowed on ${path}`);
    sendJson(res, 200, successBody(await action(deps, req, query), startedAt));
  } catch (error) {
    const status = error instanceof ApiError ? error.status : 500;
    sendError(res, status, error instanceof Error ? error.message : 'internal simulator error', startedAt);
  }
}
