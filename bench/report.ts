import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { RunResult } from './load.js';

export interface ScenarioResult {
  scenario: string;
  limit: RunResult;
  gateway: RunResult;
}

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** A Markdown table: one row per server and scenario, then the gateway/limit ratios. */
export function table(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | server | req/s | p50 ms | p99 ms | CPU µs/req | RSS MB | upstream calls/op | gateway/limit req/s | p99 | CPU |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { scenario, limit, gateway } of results) {
    const row = (name: string, r: RunResult, ratios: string) =>
      `| ${scenario} | ${name}${r.failures > 0 ? ` (${r.failures} failed)` : ''} | ${fixed(r.rps)} | ${fixed(r.p50)} | ${fixed(r.p99)} | ${fixed(r.cpuPerRequest)} | ${fixed(r.rssMb)} | ${fixed(r.upstreamPerOp, 2)} | ${ratios}`;
    lines.push(row('limit', limit, ' | | |'));
    lines.push(
      row('gateway', gateway, ` ${fixed(gateway.rps / limit.rps, 2)} | ${fixed(gateway.p99 / limit.p99, 2)} | ${fixed(gateway.cpuPerRequest / limit.cpuPerRequest, 2)} |`),
    );
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
    `- machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} (shared with other work; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    `- versions: Node ${process.version}, @apollo/server ${version('@apollo/server')}, graphql ${version('graphql')}, got ${version('got')}, autocannon ${version('autocannon')}`,
  ].join('\n');
}

const RESULTS = new URL('RESULTS.md', import.meta.url);

/**
 * Replaces this mode's block in bench/RESULTS.md and keeps everything else: the other modes'
 * latest figures and the hand-written tuning notes.
 */
export function writeResults(key: string, block: string): void {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  let text: string;
  try {
    text = readFileSync(RESULTS, 'utf8');
  } catch {
    text = '# Benchmark results\n\nWritten by `npm run bench`; see the README\'s Performance section.\n';
  }
  const fresh = `${start}\n${block.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  text = from >= 0 && to > from ? `${text.slice(0, from)}${fresh}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${fresh}\n`;
  writeFileSync(RESULTS, text);
}
