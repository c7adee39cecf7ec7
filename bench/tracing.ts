import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorReady } from './child-simulator.js';
import type { ChildServer } from './ipc.js';
import { run, summarise, type RunOptions, type RunResult } from './load.js';
import type { Scenario } from './scenarios.js';

/**
 * `npm run bench -- --tracing`: the cost of tracing. Three gateway processes over one simulator:
 * one without an OTLP endpoint (tracing off: no SDK loaded), one exporting every span (the
 * default sampler, parentbased_always_on: the worst case) and one sampling 10 % of traces, both
 * to an OTLP/HTTP sink in the bench process; driven in turn with the same scenarios, median of
 * interleaved rounds.
 */

const VARIANTS = ['off', 'on', 'on, 10 %'] as const;
type Variant = (typeof VARIANTS)[number];
const VARIANT_ENV: Record<Variant, (sink: string) => Record<string, string>> = {
  off: () => ({}),
  // A short batch delay, so spans leave during each run instead of piling up behind it.
  on: (sink) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: sink, OTEL_BSP_SCHEDULE_DELAY: '200' }),
  'on, 10 %': (sink) => ({
    OTEL_EXPORTER_OTLP_ENDPOINT: sink,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
    OTEL_TRACES_SAMPLER_ARG: '0.1',
  }),
};

export interface TracingBenchStack {
  simulator: ChildServer<SimulatorReady>;
  /** Starts a gateway over the simulator with extra environment. */
  startGateway(env: Record<string, string>): Promise<ChildServer<{ url: string }>>;
}

interface TracingResult {
  scenario: string;
  runs: Record<Variant, RunResult>;
  /** OTLP bytes the sink received per request (shows spans really left the process). */
  exportBytesPerRequest: Record<Variant, number>;
}

/** Accepts OTLP exports and counts them; decodes nothing, so it costs the bench process little. */
async function startSink(): Promise<{ url: string; bytes(): number; close(): Promise<void> }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

function table(results: TracingResult[]): string {
  const lines = [
    '| scenario | tracing | req/s | p50 ms | p99 ms | CPU µs/req | RSS MB | OTLP bytes/req | req/s vs off | CPU vs off |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { scenario, runs, exportBytesPerRequest } of results) {
    const { off } = runs;
    for (const variant of VARIANTS) {
      const r = runs[variant];
      const ratios = variant === 'off' ? ' | |' : ` ${fixed(r.rps / off.rps, 2)} | ${fixed(r.cpuPerRequest / off.cpuPerRequest, 2)} |`;
      lines.push(
        `| ${scenario} | ${variant}${r.failures > 0 ? ` (${r.failures} failed)` : ''} | ${fixed(r.rps)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.cpuPerRequest)} | ${fixed(r.rssMb)} | ${fixed(exportBytesPerRequest[variant])} | ${ratios}`,
      );
    }
  }
  return lines.join('\n');
}

/** Runs every scenario against each gateway, rotating which goes first from round to round. */
export async function benchTracing(stack: TracingBenchStack, list: Scenario[], load: RunOptions, rounds: number): Promise<string> {
  const sink = await startSink();
  const servers = await Promise.all(VARIANTS.map((variant) => stack.startGateway(VARIANT_ENV[variant](sink.url))));
  try {
    const target = (variant: Variant) => ({ server: servers[VARIANTS.indexOf(variant)] as ChildServer<{ url: string }>, path: '/graphql' });
    const warm = { ...load, durationSeconds: 1 };
    for (const s of list) for (const variant of VARIANTS) await run(target(variant), s.bodies, stack.simulator, warm);
    const empty = () => ({ off: [] as number[], on: [] as number[], 'on, 10 %': [] as number[] });
    const runs = new Map(
      list.map((s) => [s.name, { results: { off: [] as RunResult[], on: [] as RunResult[], 'on, 10 %': [] as RunResult[] }, bytes: empty() }]),
    );
    for (let round = 0; round < rounds; round++) {
      for (const s of list) {
        const order = [...VARIANTS.slice(round % VARIANTS.length), ...VARIANTS.slice(0, round % VARIANTS.length)];
        for (const variant of order) {
          const before = sink.bytes();
          const result = await run(target(variant), s.bodies, stack.simulator, load);
          const entry = runs.get(s.name);
          entry?.results[variant].push(result);
          entry?.bytes[variant].push((sink.bytes() - before) / Math.max(1, result.rps * load.durationSeconds));
        }
      }
      process.stdout.write(`  tracing: round ${round + 1}/${rounds} done\n`);
    }
    const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
    const results: TracingResult[] = list.map((s) => {
      const r = runs.get(s.name) ?? { results: { off: [], on: [], 'on, 10 %': [] }, bytes: empty() };
      return {
        scenario: s.name,
        runs: { off: summarise(r.results.off), on: summarise(r.results.on), 'on, 10 %': summarise(r.results['on, 10 %']) },
        // Batches are exported every 200 ms, so a few bytes of one run can land in the next.
        exportBytesPerRequest: { off: 0, on: middle(r.bytes.on), 'on, 10 %': middle(r.bytes['on, 10 %']) },
      };
    });
    if (sink.bytes() === 0) throw new Error('the traced gateways exported nothing: the comparison would measure tracing off three times');
    return table(results);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await sink.close();
  }
}
