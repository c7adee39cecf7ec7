import type { ServerResponse } from 'node:http';

/** What Server-Timing reads from a request's record (context.ts), filled as the request runs. */
export interface TimingRecord {
  readonly startedAt: number;
  readonly upstreamCalls: ReadonlyMap<string, number>;
  /** Each upstream call's [start, end] on the performance.now() clock, flattened: s0, e0, s1, e1, … */
  readonly upstreamSpans: readonly number[];
  /** Reads the reference cache served (from the store, or by joining a load in flight). */
  readonly cacheHits: number;
}

/**
 * Time during which at least one upstream call was in flight: the union of the calls' intervals,
 * so parallel calls count once and the figure never exceeds the total.
 */
export function upstreamBusyMs(spans: readonly number[]): number {
  const n = spans.length / 2;
  if (n === 0) return 0;
  if (n === 1) return (spans[1] ?? 0) - (spans[0] ?? 0);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (spans[2 * a] ?? 0) - (spans[2 * b] ?? 0));
  let busy = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const i of order) {
    const start = spans[2 * i] ?? 0;
    const end = spans[2 * i + 1] ?? 0;
    if (start > to) {
      busy += to - from > 0 ? to - from : 0;
      from = start;
      to = end;
    } else if (end > to) to = end;
  }
  return busy + (to - from);
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * `total;dur=…, upstream;dur=…;desc="N calls", cache;desc="H hits"`: what a browser's devtools
 * show in the Network tab's Timing view. Durations in ms with one decimal.
 */
export function serverTimingOf(record: TimingRecord, now: number): string {
  let calls = 0;
  for (const count of record.upstreamCalls.values()) calls += count;
  const total = (now - record.startedAt).toFixed(1);
  const upstream = upstreamBusyMs(record.upstreamSpans).toFixed(1);
  return `total;dur=${total}, upstream;dur=${upstream};desc="${plural(calls, 'call')}", cache;desc="${plural(record.cacheHits, 'hit')}"`;
}

/**
 * Adds Server-Timing to the response when its head is written, whichever path writes it (an
 * answer, a refusal before Apollo, a 500), with the figures of that moment. Done the way the
 * `on-headers` package does it (the hook Node lacks): Node's implicit head goes through
 * `writeHead` as well, so wrapping this response's `writeHead` sees every head.
 */
export function addServerTiming(res: ServerResponse, record: TimingRecord): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    if (!this.headersSent) this.setHeader('server-timing', serverTimingOf(record, performance.now()));
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
