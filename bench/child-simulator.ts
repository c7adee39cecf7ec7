/** Bench child: the REST v2 simulator with one unit of the requested size. */
import { createSimulator } from '../src/simulator/index.js';
import { serveParent } from './ipc.js';
import { BENCH_TOKEN, ownTokens } from './scenarios.js';

export interface SimulatorReady {
  url: string;
}

/** What the bench reads between runs: calls since the last reset. */
export interface SimulatorCounts {
  total: number;
  byEndpoint: Record<string, number>;
}

const numbers = Number(process.env.BENCH_UNIT_SIZE ?? '30');
const latency = Number(process.env.BENCH_LATENCY_MS ?? '0');
/** How many more credentials the unit has, one per connection of the `own credentials` scenarios. */
const ownTokenCount = Number(process.env.BENCH_OWN_TOKENS ?? '0');
const simulator = await createSimulator({
  units: [{ id: 'bench', token: BENCH_TOKEN, moreTokens: ownTokens(ownTokenCount), numbers }],
  ...(latency > 0 ? { latencyMs: latency } : {}),
  // The bench only counts calls; a long call log would be copied on every stats() read.
  callLogLimit: 1,
});

serveParent({ url: simulator.url } satisfies SimulatorReady, {
  counts: (): SimulatorCounts => {
    const { total, byEndpoint } = simulator.stats();
    return { total, byEndpoint };
  },
  reset: () => simulator.resetStats(),
});
process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
