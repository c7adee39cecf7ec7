// Server-Timing on every /graphql answer: total, upstream time and calls, reference-cache hits.
// Two parts in the pipeline (src/pipeline.ts): a guard, first, that adds the header whenever
// the response's head is written, and an upstream observer that times the request's calls.

import type { ServerResponse } from 'node:http';
import type { Guard, RequestObserver } from '../concern.js';
import type { RequestRecord } from '../request/incoming.js';

/** What one request's observer gathers for its header. */
export interface UpstreamTiming {
  /** Each upstream call's [start, end] on the performance.now() clock, flattened: s0, e0, s1, e1, … */
  readonly spans: number[];
  /** Reads the reference cache served (from the store, or by joining a load in flight). */
  cacheHits: number;
}

/** What the header reads: the request's record (start, calls by endpoint) and its timing. */
export type TimingRecord = Pick<RequestRecord, 'startedAt' | 'upstreamCalls'> & { readonly upstream: UpstreamTiming };

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
  const upstream = upstreamBusyMs(record.upstream.spans).toFixed(1);
  return `total;dur=${total}, upstream;dur=${upstream};desc="${plural(calls, 'call')}", cache;desc="${plural(record.upstream.cacheHits, 'hit')}"`;
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

/**
 * Server-Timing's parts (SERVER_TIMING_ENABLED): none when off. The guard goes first so that
 * refusals by later guards carry the header too; it never answers. Each request's timing is
 * kept here, by its record, for as long as the request lives.
 */
export function createServerTiming(enabled: boolean): { guards: readonly Guard[]; observer: RequestObserver } {
  if (!enabled) return { guards: [], observer: () => undefined };
  const timings = new WeakMap<RequestRecord, UpstreamTiming>();
  const guard: Guard = {
    name: 'serverTiming',
    async run({ res, request: { record } }) {
      const upstream: UpstreamTiming = { spans: [], cacheHits: 0 };
      timings.set(record, upstream);
      addServerTiming(res, { startedAt: record.startedAt, upstreamCalls: record.upstreamCalls, upstream });
      return 'continue';
    },
  };
  const observer: RequestObserver = ({ record }) => {
    const timing = timings.get(record);
    if (!timing) return undefined;
    return {
      call({ durationMs }) {
        const end = performance.now();
        timing.spans.push(end - durationMs, end);
      },
      cacheLookup(_entry, result) {
        if (result !== 'miss') timing.cacheHits++;
      },
    };
  };
  return { guards: [guard], observer };
}
