import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { RunResult } from './load.js';

/** The servers the bench compares, in the order of the tables (`baseline` only with `--baseline`). */
export const SERVERS = ['limit', 'rest', 'baseline', 'gateway'] as const;
export type ServerName = (typeof SERVERS)[number];

export interface ScenarioResult {
  scenario: string;
  results: Map<ServerName, RunResult>;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const ratio = (a: RunResult | undefined, b: RunResult | undefined, pick: (r: RunResult) => number) => (a && b ? fixed(pick(a) / pick(b), 2) : '');

/**
 * A Markdown table: one row per server and scenario. The "÷ limit" columns compare the row's
 * server with the bare got server; "gateway vs rest" says how far the gateway is ahead of the
 * RESTDataSource peer (its req/s over the peer's, the peer's CPU per request over its own).
 */
export function table(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | server | req/s | p50 ms | p99 ms | CPU µs/req | RSS MB | upstream calls/op | req/s ÷ limit | p99 ÷ limit | CPU ÷ limit | RSS ÷ limit | gateway vs rest: req/s | CPU |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { scenario, results: byServer } of results) {
    const limit = byServer.get('limit');
    const rest = byServer.get('rest');
    for (const [name, r] of byServer) {
      const vsLimit =
        name === 'limit'
          ? ' | | | |'
          : ` ${ratio(r, limit, (x) => x.rps)} | ${ratio(r, limit, (x) => x.p99)} | ${ratio(r, limit, (x) => x.cpuPerRequest)} | ${ratio(r, limit, (x) => x.rssMb)} |`;
      const vsRest = name === 'gateway' && rest ? ` ${ratio(r, rest, (x) => x.rps)} | ${ratio(rest, r, (x) => x.cpuPerRequest)} |` : ' | |';
      lines.push(
        `| ${scenario} | ${name}${r.failures > 0 ? ` (${r.failures} failed)` : ''} | ${fixed(r.rps)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.cpuPerRequest)} | ${fixed(r.rssMb)} | ${fixed(r.upstreamPerOp, 2)} |${vsLimit}${vsRest}`,
      );
    }
  }
  return lines.join('\n');
}

/** Where, with what and when the figures were taken. */
export function machine(): string {
  // Read from node_modules: some packages do not export their package.json.
  const version = (name: string) =>
    (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  const cpus = os.cpus();
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} (shared with other work; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
    `- versions: Node ${process.version}, @apollo/server ${version('@apollo/server')}, graphql ${version('graphql')}, got ${version('got')}, @apollo/datasource-rest ${version('@apollo/datasource-rest')}, autocannon ${version('autocannon')}`,
  ].join('\n');
}

const RESULTS = new URL('RESULTS.md', import.meta.url);

/**
 * Replaces this mode's block in bench/RESULTS.md (or `file`, `--results=`) and keeps everything
 * else: the other modes' latest figures and the hand-written tuning notes.
 */
export function writeResults(key: string, block: string, file: string | URL = RESULTS): void {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# Benchmark results\n\nWritten by `npm run bench`; see docs/performance.md.\n';
  }
  const fresh = `${start}\n${block.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? `${text.slice(0, from)}${fresh}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${fresh}\n`;
  writeFileSync(file, text);
}
