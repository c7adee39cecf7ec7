import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleApiCall } from './api.js';
import type { ApiDeps } from './api.js';
import { handleControl } from './control.js';
import { sendError, sendJson } from './envelope.js';
import { FaultRules, parseLatency } from './faults.js';
import type { LatencyRange } from './faults.js';
import { endpointForPath } from './handlers.js';
import { openApiDocument } from './openapi.js';
import { splitUrl } from './params.js';
import { CallLog } from './stats.js';
import { SimulatorStore } from './store.js';
import type { FaultRule, Simulator, SimulatorOptions, SimulatorUnitOptions } from './types.js';

export const DEFAULT_UNITS: readonly SimulatorUnitOptions[] = [
  { id: 'unit-a', token: 'demo-token-a' },
  { id: 'unit-b', token: 'demo-token-b' },
];

function latencyOption(latency: SimulatorOptions['latencyMs']): LatencyRange | null {
  if (latency === undefined) return null;
  return typeof latency === 'number' ? parseLatency(String(latency)) : parseLatency(`${latency[0]}-${latency[1]}`);
}

function checkOptions(options: SimulatorOptions): SimulatorUnitOptions[] {
  const units = options.units ?? DEFAULT_UNITS;
  const perUnit = options.numbersPerUnit ?? 30;
  const counts = [perUnit, ...units.map((unit) => unit.numbers ?? perUnit)];
  if (counts.some((count) => !Number.isInteger(count) || count < 0 || count > 100_000)) {
    throw new TypeError('numbers per unit must be an integer from 0 to 100000');
  }
  if (new Set(units.map((unit) => unit.id)).size !== units.length) throw new TypeError('unit ids must be unique');
  const tokens = units.flatMap((unit) => [unit.token, ...(unit.moreTokens ?? [])]);
  if (new Set(tokens).size !== tokens.length) throw new TypeError('unit tokens must be unique');
  return units.map((unit) => ({ ...unit, numbers: unit.numbers ?? perUnit }));
}

/**
 * Starts a REST v2 simulator on a loopback port (a free one by default) and resolves once it
 * listens. Data is seeded deterministically; see docs/simulator.md.
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const units = checkOptions(options);
  const faultsEnabled = options.faults ?? false;
  const store = new SimulatorStore(
    units.map((unit) => ({
      id: unit.id,
      token: unit.token,
      moreTokens: unit.moreTokens ?? [],
      count: unit.numbers ?? 0,
    })),
  );
  const log = new CallLog(options.callLogLimit ?? 10_000);
  const rules = new FaultRules();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const deps: ApiDeps = {
    store,
    log,
    rules,
    faultsEnabled,
    latency: latencyOption(options.latencyMs),
    sleep: (ms) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, ms);
        timers.add(timer);
      }),
  };

  const setFaults = (next: FaultRule[]): void => {
    if (!faultsEnabled) throw new Error('faults are disabled; create the simulator with { faults: true }');
    rules.set(next);
  };
  const controlDeps = {
    stats: () => log.snapshot(),
    resetStats: () => log.reset(),
    resetData: () => store.reset(),
    faultsEnabled,
    setFaults,
    clearFaults: () => rules.clear(),
    listFaults: () => rules.list(),
  };
  const openApiJson = JSON.stringify(openApiDocument());

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const { path, query } = splitUrl(req.url ?? '/');
    if (path.startsWith('/__simulator/')) {
      void handleControl(controlDeps, req, res, path, query);
      return;
    }
    if (path === '/api/v2/openapi.json' && req.method === 'GET') {
      sendJson(res, 200, openApiJson);
      return;
    }
    const endpoint = endpointForPath(path);
    if (endpoint === null) {
      sendError(res, 404, `unknown path ${path}`, performance.now());
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('allow', 'GET, POST');
      sendError(res, 405, `method ${req.method ?? ''} not allowed; use GET or POST`, performance.now());
      return;
    }
    void handleApiCall(deps, req, res, endpoint, req.method, query);
  };

  const server = createServer(onRequest);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A malformed request line must not take the process down; answer 400 and drop the socket.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator: server has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stats: () => log.snapshot(),
    resetStats: () => log.reset(),
    resetData: () => store.reset(),
    setFaults,
    clearFaults: () => rules.clear(),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Hung and keep-alive sockets would hold close() open forever.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
