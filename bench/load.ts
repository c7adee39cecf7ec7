import autocannon from 'autocannon';
import type { ChildServer } from './ipc.js';
import type { SimulatorCounts } from './child-simulator.js';

/** One bounded load run against one server, with what it cost that server and the upstream. */
export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  /** CPU of the server process per completed request, in microseconds. */
  cpuPerRequest: number;
  rssMb: number;
  upstreamPerOp: number;
  failures: number;
  /** Requests answered with a 2xx. */
  completed: number;
}

export interface RunTarget {
  server: ChildServer<{ url: string }>;
  path: string;
}

export interface RunOptions {
  connections: number;
  durationSeconds: number;
  token: string;
  /** One credential per connection, in turn (a scenario's `credentials: 'own'`); else `token` on every connection. */
  tokens?: readonly string[] | undefined;
}

/** Drives `target` with autocannon for a fixed time; requests cycle through `bodies`. */
export async function run(target: RunTarget, bodies: string[], simulator: ChildServer<unknown>, options: RunOptions): Promise<RunResult> {
  const [result] = await runTogether([target], bodies, simulator, options);
  if (!result) throw new Error('no result');
  return result;
}

/**
 * Drives several targets at the same time, each with its own autocannon and `connections`:
 * an A/B whose sides share every moment of the machine's other load. Upstream calls per
 * operation are the simulator's calls over all targets' requests.
 */
export async function runTogether(targets: RunTarget[], bodies: string[], simulator: ChildServer<unknown>, options: RunOptions): Promise<RunResult[]> {
  await simulator.request('reset');
  const before = await Promise.all(targets.map((t) => t.server.usage()));
  const results = await Promise.all(
    targets.map((target) =>
      autocannon({
        url: `${target.server.ready.url}${target.path}`,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        requests: bodies.map((body) => ({ method: 'POST' as const, body })),
        ...(options.tokens ? { setupClient: ownCredential(options.tokens) } : {}),
      }),
    ),
  );
  const after = await Promise.all(targets.map((t) => t.server.usage()));
  const counts = await simulator.request<SimulatorCounts>('counts');
  const all = Math.max(
    1,
    results.reduce((sum, r) => sum + r['2xx'], 0),
  );
  return results.map((result, i) => {
    const completed = Math.max(1, result['2xx']);
    return {
      rps: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      cpuPerRequest: ((after[i]?.cpuMicros ?? 0) - (before[i]?.cpuMicros ?? 0)) / completed,
      rssMb: (after[i]?.rss ?? 0) / 1024 / 1024,
      upstreamPerOp: counts.total / all,
      failures: result.non2xx + result.errors,
      completed,
    };
  });
}

/** Gives each connection autocannon opens the next of `tokens`, so no two connections share a credential. */
function ownCredential(tokens: readonly string[]): (client: { setHeaders(headers: Record<string, string>): void }) => void {
  let next = 0;
  return (client) => {
    const token = tokens[next++ % tokens.length] ?? '';
    client.setHeaders({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The median of each figure across rounds (RSS: the largest seen). With `cpu: 'min'`, CPU per
 * request is the lowest round's: other work on the machine only ever adds to it (cache and
 * sibling-thread contention), so the least disturbed round is the best estimate when A/B-ing
 * small changes over many short rounds.
 */
export function summarise(rounds: RunResult[], cpu: 'median' | 'min' = 'median'): RunResult {
  const of = (pick: (r: RunResult) => number) => median(rounds.map(pick));
  return {
    rps: of((r) => r.rps),
    p50: of((r) => r.p50),
    p99: of((r) => r.p99),
    cpuPerRequest: cpu === 'min' ? Math.min(...rounds.map((r) => r.cpuPerRequest)) : of((r) => r.cpuPerRequest),
    rssMb: Math.max(...rounds.map((r) => r.rssMb)),
    upstreamPerOp: of((r) => r.upstreamPerOp),
    failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    completed: of((r) => r.completed),
  };
}
