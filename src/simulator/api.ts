import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errorBody, missingDataBody, sendError, sendJson, sendSuccess } from './envelope.js';
import { FaultSyntaxError, latencyMs, parseFault } from './faults.js';
import type { Fault, FaultRules, LatencyRange } from './faults.js';
import { ROUTES } from './handlers.js';
import type { EndpointName } from './handlers.js';
import { bodyParams, mergeParams, readBody } from './params.js';
import type { Params } from './params.js';
import type { CallLog } from './stats.js';
import type { SimulatorStore, UnitState } from './store.js';
import type { SimulatorMethod } from './types.js';

export interface ApiDeps {
  store: SimulatorStore;
  log: CallLog;
  rules: FaultRules;
  faultsEnabled: boolean;
  latency: LatencyRange | null;
  /** A delay that close() can cancel, so pending latency never outlives the server. */
  sleep(ms: number): Promise<void>;
}

interface Call {
  endpoint: EndpointName;
  method: SimulatorMethod;
  unit: UnitState | undefined;
  params: Params;
  fault: Fault | null;
}

function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** The header wins over rules; rules are only consulted (and consumed) without it. */
function chooseFault(deps: ApiDeps, req: IncomingMessage, endpoint: string, unit: UnitState | undefined): Fault | null {
  if (!deps.faultsEnabled) return null;
  const header = req.headers['x-simulator-fault'];
  if (typeof header === 'string') return parseFault(header);
  return deps.rules.take(endpoint, unit?.id ?? null);
}

/** Sends what the fault asks for instead of running the handler, so faulted writes never apply. */
function sendFault(res: ServerResponse, req: IncomingMessage, fault: Fault, startedAt: number): number {
  const action = fault.action;
  switch (action?.kind) {
    case 'status':
      sendError(res, action.status, 'Simulated failure', startedAt);
      return action.status;
    case 'unauthorized':
      sendError(res, 401, 'Simulated unauthorized: token rejected', startedAt);
      return 401;
    case 'error-envelope':
      sendJson(res, 200, errorBody('Simulated failure', startedAt));
      return 200;
    case 'missing-data':
      sendJson(res, 200, missingDataBody(startedAt));
      return 200;
    case 'non-json':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html>Bad Gateway</html>');
      return 200;
    case 'reset':
      req.socket.destroy();
      return 0;
    case 'hang':
    case undefined:
      // Hang: nothing is written; the socket stays open until the client or close() ends it.
      return 0;
  }
}

function runHandler(deps: ApiDeps, res: ServerResponse, call: Call, startedAt: number): number {
  if (call.unit === undefined) {
    sendError(res, 401, 'missing or unknown bearer token', startedAt);
    return 401;
  }
  const ctx = { store: deps.store, unit: call.unit, params: call.params, now: new Date().toISOString() };
  sendSuccess(res, ROUTES[call.endpoint](ctx), startedAt);
  return 200;
}

/** One REST v2 call: body, auth, fault, latency, handler, call log. Never throws. */
export async function handleApiCall(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: EndpointName,
  method: SimulatorMethod,
  query: URLSearchParams,
): Promise<void> {
  const startedAt = performance.now();
  const call: Call = { endpoint, method, unit: undefined, params: new Map(query), fault: null };
  const { traceparent } = req.headers;
  let status = 0;
  try {
    const body = await readBody(req);
    if (body.kind === 'aborted') return;
    const token = bearerToken(req);
    call.unit = token === null ? undefined : deps.store.unitByToken(token);
    if (body.kind === 'too-large') throw new ApiError(413, 'request body too large');
    let bodyError: ApiError | null = null;
    try {
      call.params = mergeParams(query, bodyParams(req.headers['content-type'], body.body));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      bodyError = error;
    }
    try {
      call.fault = chooseFault(deps, req, endpoint, call.unit);
    } catch (error) {
      if (error instanceof FaultSyntaxError) throw new ApiError(400, `invalid X-Simulator-Fault header: ${error.message}`);
      throw error;
    }
    const delay = latencyMs(deps.latency) + latencyMs(call.fault?.latency ?? null);
    if (delay > 0) await deps.sleep(delay);
    if (call.fault?.action) {
      status = sendFault(res, req, call.fault, startedAt);
      return;
    }
    if (bodyError !== null) throw bodyError;
    status = runHandler(deps, res, call, startedAt);
  } catch (error) {
    status = error instanceof ApiError ? error.status : 500;
    const message = error instanceof ApiError ? error.message : 'internal simulator error';
    if (!(error instanceof ApiError)) console.error('simulator: unexpected error', error);
    sendError(res, status, message, startedAt);
  } finally {
    deps.log.record({
      endpoint,
      method,
      unit: call.unit?.id ?? null,
      params: Object.fromEntries(call.params),
      status,
      fault: call.fault?.text ?? null,
      ...(typeof traceparent === 'string' ? { traceparent } : {}),
    });
  }
}
