import type { OperationUsage } from './coordinates.js';
import { dayOf, exportOf, fieldOf, lastDays, type DayCounts, type UsageExport, type UsageQuery } from './report.js';
import type { UsageSink } from './sinks.js';

// The field-usage ledger: how often each schema coordinate was used, per client, client
// version and UTC day.
//
// A request only increments one counter in memory: its (day, client, version) bucket counts the
// operation's precomputed usage (coordinates.ts), not each coordinate; variable-sent coordinates
// (enum values, input fields) are counted one by one. A timer flushes the pending counts to the
// sink in one batch (sinks.ts): nothing waits for Redis, and no request can fail because of it.
// A failed flush keeps its counts for the next one; memory stays bounded (MAX_PENDING), and
// counts older than the retention are dropped rather than kept for a sink that will expire them.

/** Pending counters (operation per bucket, plus variable-sent coordinates) kept at most. */
export const MAX_PENDING = 20_000;
/** Unflushed ledger fields (after a failed flush) kept at most. */
export const MAX_UNFLUSHED = 200_000;

interface Bucket {
  readonly day: string;
  readonly client: string;
  readonly version: string;
  readonly operations: Map<OperationUsage, number>;
  readonly extra: Map<string, number>;
}

export interface LedgerOptions {
  sink: UsageSink;
  retentionDays: number;
  /** Counts dropped because memory was full (a metric). */
  onDropped?: (count: number) => void;
  now?: () => number;
}

export interface UsageLedger {
  /** Counts one operation run by `client`/`version`, plus coordinates its variables sent. */
  record(usage: OperationUsage, extra: readonly string[], client: string, version: string): void;
  /** Sends the pending counts to the sink; never rejects (a failure keeps them for the next flush). */
  flush(): Promise<boolean>;
  /** Flushes, then reads the sink: the export format (report.ts). Rejects when the sink cannot be read. */
  query(query: UsageQuery): Promise<UsageExport>;
  readonly retentionDays: number;
  readonly sinkKind: UsageSink['kind'];
}

const DAY_MS = 86_400_000;

export function createUsageLedger(options: LedgerOptions): UsageLedger {
  const { sink, retentionDays } = options;
  const now = options.now ?? Date.now;
  let buckets = new Map<string, Bucket>();
  let pending = 0;
  /** Counts a failed flush kept, by day and field. */
  let unflushed = new Map<string, DayCounts>();
  let unflushedFields = 0;
  let flushing: Promise<boolean> | undefined;

  // The day string changes once a day: computed then, not per request.
  let dayEnds = 0;
  let today = '';
  const currentDay = (): string => {
    const time = now();
    if (time >= dayEnds) {
      dayEnds = (Math.floor(time / DAY_MS) + 1) * DAY_MS;
      today = dayOf(time);
    }
    return today;
  };

  const dropped = (count: number): void => options.onDropped?.(count);

  function record(usage: OperationUsage, extra: readonly string[], client: string, version: string): void {
    const day = currentDay();
    const key = `${day}\t${client}\t${version}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      if (pending >= MAX_PENDING) return dropped(1);
      bucket = { day, client, version, operations: new Map(), extra: new Map() };
      buckets.set(key, bucket);
    }
    const seen = bucket.operations.get(usage);
    if (seen !== undefined) bucket.operations.set(usage, seen + 1);
    else if (pending < MAX_PENDING) {
      bucket.operations.set(usage, 1);
      pending += 1;
    } else return dropped(1);
    for (const coordinate of extra) {
      const count = bucket.extra.get(coordinate);
      if (count !== undefined) bucket.extra.set(coordinate, count + 1);
      else if (pending < MAX_PENDING) {
        bucket.extra.set(coordinate, 1);
        pending += 1;
      } else dropped(1);
    }
  }

  /** The pending buckets as ledger fields by day, added to what a failed flush kept. */
  function drain(): Map<string, DayCounts> {
    const byDay = unflushed;
    let fields = unflushedFields;
    unflushed = new Map();
    unflushedFields = 0;
    const drained = buckets;
    buckets = new Map();
    pending = 0;
    const add = (day: string, field: string, count: number): void => {
      let counts = byDay.get(day);
      if (!counts) byDay.set(day, (counts = new Map()));
      const before = counts.get(field);
      if (before === undefined) {
        if (fields >= MAX_UNFLUSHED) return dropped(count);
        fields += 1;
      }
      counts.set(field, (before ?? 0) + count);
    };
    for (const bucket of drained.values()) {
      for (const [usage, count] of bucket.operations) {
        for (const coordinate of usage.coordinates) add(bucket.day, fieldOf(coordinate, bucket.client, bucket.version), count);
      }
      for (const [coordinate, count] of bucket.extra) add(bucket.day, fieldOf(coordinate, bucket.client, bucket.version), count);
    }
    unflushedFields = fields;
    return byDay;
  }

  /** Keeps the counts of a failed flush for the next one, minus days past the retention. */
  function keep(byDay: Map<string, DayCounts>): void {
    const oldest = lastDays(now(), retentionDays).at(-1) ?? '';
    let fields = 0;
    for (const [day, counts] of byDay) {
      if (day < oldest) {
        byDay.delete(day);
        continue;
      }
      fields += counts.size;
    }
    // Counts recorded since the drain went to `buckets`; the kept ones wait in `unflushed`.
    unflushed = byDay;
    unflushedFields = fields;
  }

  async function flushOnce(): Promise<boolean> {
    const byDay = drain();
    if (byDay.size === 0) return true;
    try {
      await sink.add(byDay, now());
      return true;
    } catch {
      keep(byDay);
      return false;
    }
  }

  function flush(): Promise<boolean> {
    // One flush at a time; a flush asked for during one runs right after it (the caller wants
    // the counts recorded until now to be in the sink).
    const previous = flushing ?? Promise.resolve(true);
    const next = previous.then(flushOnce);
    flushing = next;
    void next.finally(() => {
      if (flushing === next) flushing = undefined;
    });
    return next;
  }

  return {
    record,
    flush,
    async query(query) {
      const days = Math.min(Math.max(1, Math.floor(query.days)), retentionDays);
      await flush();
      const time = now();
      const byDay = await sink.read(lastDays(time, days));
      return exportOf(byDay, query, retentionDays, time);
    },
    retentionDays,
    sinkKind: sink.kind,
  };
}
