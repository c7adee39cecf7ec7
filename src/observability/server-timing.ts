// Server-Timing on every /graphql answer: total, upstream time and calls (and reads shared with
// another request's call in flight), reference-cache hits.
// Two parts in the pipeline (src/pipeline.ts): a guard, first, that adds the header whenever
// the response's head is written, and an upstream observer that times the request's calls.

import type { ServerResponse } from 'node:http';
import type { Guard, RequestObserver } from '../concern.js';
import { totalOf, upstreamCallCount, type RequestRecord } from '../request/incoming.js';

/** What one request's observer gathers for its header (kept in its record). */
export type UpstreamTiming = NonNullable<RequestRecord['upstreamTiming']>;

/** What the header reads of a request's record: its start, its calls and shared reads by endpoint, its timing. */
export type TimingRecord = Pick<RequestRecord, 'startedAt' | 'upstreamCalls' | 'sharedReads' | 'upstreamTiming'>;

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
 * show in the Network tab's Timing view. Durations in ms with one decimal. A request that waited
 * for another request's identical call (UPSTREAM_COALESCE) has `desc="N calls, M shared"`, and
 * its waits count as upstream time.
 */
export function serverTimingOf(record: TimingRecord, now: number): string {
  const calls = plural(upstreamCallCount(record), 'call');
  const shared = record.sharedReads.size > 0 ? `, ${totalOf(record.sharedReads)} shared` : '';
  const total = (now - record.startedAt).toFixed(1);
  const upstream = upstreamBusyMs(record.upstreamTiming?.spans ?? []).toFixed(1);
  return `total;dur=${total}, upstream;dur=${upstream};desc="${calls}${shared}", cache;desc="${plural(record.upstreamTiming?.cacheHits ?? 0, 'hit')}"`;
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

/** The observer of a request whose guard started its timing: each call's and shared read's interval, each cache hit. */
const timeUpstream: RequestObserver = ({ record: { upstreamTiming: timing } }) => {
  if (!timing) return undefined;
  return {
    call({ durationMs }) {
      const end = performance.now();
      timing.spans.push(end - durationMs, end);
    },
    shared({ waitedMs }) {
      const end = performance.now();
      timing.spans.push(end - waitedMs, end);
    },
    cacheLookup(_entry, result) {
      if (result !== 'miss') timing.cacheHits++;
    },
  };
};

/** Starts the request's timing and adds the header when its head is written; never answers. */
const serverTimingGuard: Guard = {
  name: 'serverTiming',
  async run({ res, request: { record } }) {
    record.upstreamTiming = { spans: [], cacheHits: 0 };
    addServerTiming(res, record);
    return 'continue';
  },
};

/**
 * Server-Timing's parts (SERVER_TIMING_ENABLED): none when off. The guard goes first so that
 * refusals by later guards carry the header too.
 */
export function createServerTiming(enabled: boolean): { guards: readonly Guard[]; observer: RequestObserver } {
  return enabled ? { guards: [serverTimingGuard], observer: timeUpstream } : { guards: [], observer: () => undefined };
}
