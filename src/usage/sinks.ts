import type { Redis } from 'ioredis';
import type { DayCounts } from './report.js';

/**
 * Where flushed usage counts go: this process's memory (no REDIS_URL), or Redis, where every
 * replica adds to the same per-day hashes so their counts add up.
 *
 * Redis layout (under the store's `numbers-gateway:` prefix): one hash per UTC day,
 * `usage:<YYYY-MM-DD>`, field `<coordinate>\t<client>\t<version>`, value the count. Each flush
 * sets the hash's expiry to the end of the retention window counted from the end of its day.
 */
export interface UsageSink {
  readonly kind: 'memory' | 'redis';
  /** Adds counts; all or nothing (a failed add leaves the sink as it was, as far as it can tell). */
  add(byDay: ReadonlyMap<string, DayCounts>, now: number): Promise<void>;
  /** The counts of these days (absent days are empty). */
  read(days: readonly string[]): Promise<Map<string, DayCounts>>;
}

const DAY_MS = 86_400_000;

export const usageKeyOf = (day: string): string => `usage:${day}`;

/** Milliseconds from `now` until a day's counts leave the retention window. */
function lifetimeMs(day: string, retentionDays: number, now: number): number {
  return Date.parse(`${day}T00:00:00.000Z`) + (retentionDays + 1) * DAY_MS - now;
}

export function createMemorySink(retentionDays: number): UsageSink {
  const days = new Map<string, DayCounts>();
  return {
    kind: 'memory',
    async add(byDay, now) {
      for (const [day, counts] of byDay) {
        if (lifetimeMs(day, retentionDays, now) <= 0) continue;
        let target = days.get(day);
        if (!target) days.set(day, (target = new Map()));
        for (const [field, count] of counts) target.set(field, (target.get(field) ?? 0) + count);
      }
      for (const day of days.keys()) if (lifetimeMs(day, retentionDays, now) <= 0) days.delete(day);
    },
    async read(wanted) {
      const result = new Map<string, DayCounts>();
      for (const day of wanted) {
        const counts = days.get(day);
        if (counts) result.set(day, new Map(counts));
      }
      return result;
    },
  };
}

/**
 * The sink on the store's Redis connection: it fails fast while Redis is away (no offline
 * queue, one command timeout), and the ledger keeps the counts to try again. A flush is one
 * MULTI/EXEC, so Redis applies all of its increments or none.
 */
export function createRedisSink(client: Redis, retentionDays: number): UsageSink {
  return {
    kind: 'redis',
    async add(byDay, now) {
      const multi = client.multi();
      let commands = 0;
      for (const [day, counts] of byDay) {
        const ttl = lifetimeMs(day, retentionDays, now);
        if (ttl <= 0 || counts.size === 0) continue;
        const key = usageKeyOf(day);
        for (const [field, count] of counts) multi.hincrby(key, field, count);
        multi.pexpire(key, ttl);
        commands += 1;
      }
      // Nothing is sent before exec(): an empty transaction is simply not run.
      if (commands === 0) return;
      const results = await multi.exec();
      // exec() resolves null when the transaction was aborted (nothing applied).
      if (results === null) throw new Error('redis aborted the usage transaction');
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    },
    async read(wanted) {
      const pipeline = client.pipeline();
      for (const day of wanted) pipeline.hgetall(usageKeyOf(day));
      const results = (await pipeline.exec()) ?? [];
      const byDay = new Map<string, DayCounts>();
      wanted.forEach((day, i) => {
        const [error, value] = results[i] ?? [new Error('no answer'), undefined];
        if (error) throw error;
        const counts: DayCounts = new Map();
        for (const [field, count] of Object.entries((value ?? {}) as Record<string, string>)) {
          const n = Number(count);
          if (Number.isSafeInteger(n) && n > 0) counts.set(field, n);
        }
        if (counts.size > 0) byDay.set(day, counts);
      });
      return byDay;
    },
  };
}
