import type { ChildServer } from './ipc.js';
import { run, type RunOptions } from './load.js';
import type { Scenario } from './scenarios.js';

const SOAK_SECONDS = 300;
const SLICE_SECONDS = 10;
/** The first slices warm the JIT and the caches; growth is measured from here. */
const BASELINE_AFTER_SECONDS = 30;

/**
 * Five minutes of load on the gateway, cycling through `list` in 10-second slices, with its RSS
 * read after each slice. Leaks show as steady growth after the warm-up.
 */
export async function soak(gateway: ChildServer<{ url: string }>, list: Scenario[], simulator: ChildServer<unknown>, load: RunOptions): Promise<string> {
  const samples: Array<{ at: number; rssMb: number; rps: number }> = [];
  for (let at = SLICE_SECONDS, i = 0; at <= SOAK_SECONDS; at += SLICE_SECONDS, i++) {
    const scenario = list[i % list.length];
    if (!scenario) break;
    const result = await run({ server: gateway, path: '/graphql' }, scenario.bodies, simulator, { ...load, durationSeconds: SLICE_SECONDS });
    samples.push({ at, rssMb: result.rssMb, rps: result.rps });
    process.stdout.write(`  soak ${at}s: ${scenario.name} ${result.rps.toFixed(0)} req/s, RSS ${result.rssMb.toFixed(1)} MB\n`);
  }
  const baseline = samples.find((s) => s.at >= BASELINE_AFTER_SECONDS) ?? samples[0];
  const last = samples.at(-1);
  const peak = Math.max(...samples.map((s) => s.rssMb));
  const growth = baseline && last ? ((last.rssMb - baseline.rssMb) / baseline.rssMb) * 100 : Number.NaN;
  return [
    `${SOAK_SECONDS} s at ${load.connections} connections (${list.map((s) => s.name).join(', ')} in turn)`,
    '',
    `| RSS at ${baseline?.at ?? 0} s | RSS at ${last?.at ?? 0} s | peak | growth |`,
    '|--:|--:|--:|--:|',
    `| ${baseline?.rssMb.toFixed(1)} MB | ${last?.rssMb.toFixed(1)} MB | ${peak.toFixed(1)} MB | ${growth.toFixed(1)} % |`,
  ].join('\n');
}
