import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { REDIS_KEY_PREFIX } from '../cache/redis.js';
import { withoutCredentials } from '../config.js';
import { exportOf, lastDays, parseUsageExport, usageTable, type UsageExport, type UsageQuery } from './report.js';
import { createRedisSink } from './sinks.js';

// `npm run usage -- [--coordinate X] [--days N] [--export FILE] [--redis URL | --url URL]`: who
// used which schema coordinate, by client and version, over the last N days (default: the
// retention). Reads the gateway's internal listener (`--url http://host:METRICS_PORT`, its
// `GET /usage`) or the shared Redis directly (`--redis`, default REDIS_URL). Prints a table;
// `--export FILE` also writes the usage export that `schema:check --usage FILE` reads.

export interface UsageCliIo {
  out(line: string): void;
  err(line: string): void;
  /** REDIS_URL and USAGE_RETENTION_DAYS as the gateway's config reads them. */
  defaults(): { redisUrl: string | undefined; retentionDays: number };
}

const HELP = `usage: npm run usage -- [--coordinate Type.field] [--days N] [--export FILE] [--redis redis://… | --url http://gateway:METRICS_PORT]
  --coordinate  one schema coordinate (Type.field, Type.field(arg:), Enum.VALUE); all when absent
  --days        the last N UTC days, today included (default and most: USAGE_RETENTION_DAYS)
  --export      also write the usage export (JSON) to FILE, for schema:check --usage FILE
  --redis       read the shared Redis (default: REDIS_URL)
  --url         read a gateway's internal listener (GET /usage) instead`;

class UsageError extends Error {}

async function fromUrl(base: string, query: UsageQuery | { coordinate?: string; days?: number }): Promise<UsageExport> {
  const params = new URLSearchParams();
  if (query.coordinate !== undefined) params.set('coordinate', query.coordinate);
  if (query.days !== undefined) params.set('days', String(query.days));
  const url = `${base.replace(/\/+$/, '')}/usage${params.size > 0 ? `?${params.toString()}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new UsageError(`${url}: no answer (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = await response.text();
  if (!response.ok) throw new UsageError(`${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  try {
    return parseUsageExport(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function fromRedis(url: string, query: UsageQuery, retentionDays: number): Promise<UsageExport> {
  const client = new Redis(url, {
    keyPrefix: REDIS_KEY_PREFIX,
    lazyConnect: true,
    connectTimeout: 5000,
    commandTimeout: 10_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const now = Date.now();
    const byDay = await createRedisSink(client, retentionDays).read(lastDays(now, query.days));
    return exportOf(byDay, query, retentionDays, now);
  } catch (error) {
    throw new UsageError(`${withoutCredentials(url)}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    client.disconnect();
  }
}

/** Runs the CLI; resolves with its exit code (0 done, 1 the source failed, 2 bad arguments). */
export async function runUsageCli(argv: readonly string[], io: UsageCliIo): Promise<number> {
  let values: { coordinate?: string; days?: string; export?: string; redis?: string; url?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        coordinate: { type: 'string' },
        days: { type: 'string' },
        export: { type: 'string' },
        redis: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (values.redis !== undefined && values.url !== undefined) {
    io.err(`give --redis or --url, not both\n${HELP}`);
    return 2;
  }
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    io.err(`--days must be a positive integer, not ${JSON.stringify(values.days)}`);
    return 2;
  }
  try {
    let usage: UsageExport;
    if (values.url !== undefined) {
      usage = await fromUrl(values.url, { coordinate: values.coordinate, days });
    } else {
      const { redisUrl, retentionDays } = io.defaults();
      const url = values.redis ?? redisUrl;
      if (url === undefined) {
        io.err(`no source: give --redis URL or --url http://gateway:METRICS_PORT (or set REDIS_URL)\n${HELP}`);
        return 2;
      }
      if (days !== undefined && days > retentionDays) {
        io.err(`--days ${days} is beyond the retention of ${retentionDays} days (USAGE_RETENTION_DAYS)`);
        return 2;
      }
      usage = await fromRedis(url, { coordinate: values.coordinate, days: days ?? retentionDays }, retentionDays);
    }
    io.out(usageTable(usage));
    if (values.export !== undefined) {
      await writeFile(values.export, `${JSON.stringify(usage, null, 2)}\n`);
      io.err(`wrote ${usage.entries.length} entries to ${values.export}`);
    }
    return 0;
  } catch (error) {
    // Unreachable sources, unwritable files, a bad environment: one line, never a stack.
    io.err(`usage: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
