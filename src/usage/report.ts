// The usage export: one format for the internal endpoint (`GET /usage`), the CLI's `--export`
// and `schema:check --usage FILE`, so whichever produced a file, every tool reads it with the
// one parser below.

import { z } from 'zod';

export const USAGE_FORMAT = 'numbers-gateway-usage';

const usageExportSchema = z.object({
  format: z.literal(USAGE_FORMAT),
  version: z.literal(1),
  generatedAt: z.iso.datetime({ offset: true }),
  retentionDays: z.number().int().positive().max(3660),
  entries: z.array(
    z.object({
      coordinate: z.string().min(1).max(512),
      client: z.string().min(1).max(128),
      version: z.string().min(1).max(128),
      /** UTC day. */
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
      count: z.number().int().nonnegative(),
    }),
  ),
});

export type UsageExport = z.infer<typeof usageExportSchema>;
export type UsageEntry = UsageExport['entries'][number];

/** Counts of one UTC day by ledger field (`coordinate \t client \t version`). */
export type DayCounts = Map<string, number>;

const SEPARATOR = '\t';

/** Coordinates, client names and versions never contain a tab (client-identity.ts, coordinates.ts). */
export function fieldOf(coordinate: string, client: string, version: string): string {
  return `${coordinate}${SEPARATOR}${client}${SEPARATOR}${version}`;
}

export function splitField(field: string): { coordinate: string; client: string; version: string } | undefined {
  const parts = field.split(SEPARATOR);
  if (parts.length !== 3) return undefined;
  const [coordinate = '', client = '', version = ''] = parts;
  return { coordinate, client, version };
}

const DAY_MS = 86_400_000;

export function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** The last `days` UTC days up to the one of `now`, newest first. */
export function lastDays(now: number, days: number): string[] {
  const start = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: days }, (_, i) => dayOf(start - i * DAY_MS));
}

export interface UsageQuery {
  /** Only this coordinate (`Type.field`, `Type.field(arg:)`, `Enum.VALUE`); all when absent. */
  coordinate?: string;
  /** The last `days` UTC days, today included; at most the retention. */
  days: number;
}

/** Entries of the days read, sorted by coordinate, client, version, day. */
export function exportOf(byDay: ReadonlyMap<string, DayCounts>, query: UsageQuery, retentionDays: number, now: number): UsageExport {
  const entries: UsageEntry[] = [];
  for (const [day, counts] of byDay) {
    for (const [field, count] of counts) {
      const parts = splitField(field);
      if (!parts || count <= 0) continue;
      if (query.coordinate !== undefined && parts.coordinate !== query.coordinate) continue;
      entries.push({ ...parts, day, count });
    }
  }
  entries.sort((a, b) => compare(a.coordinate, b.coordinate) || compare(a.client, b.client) || compare(a.version, b.version) || compare(a.day, b.day));
  return { format: USAGE_FORMAT, version: 1, generatedAt: new Date(now).toISOString(), retentionDays, entries };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Parses a usage export (a file written by the CLI or an answer of the endpoint); throws naming the first bad field. */
export function parseUsageExport(json: unknown): UsageExport {
  const parsed = usageExportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the file';
  throw new Error(`not a ${USAGE_FORMAT} export version 1 (${where}: ${issue?.message ?? 'invalid'})`);
}

/** A plain-text table: one row per coordinate, client and version, summed over the days. */
export function usageTable(usage: UsageExport): string {
  const rows = new Map<string, { coordinate: string; client: string; version: string; count: number; first: string; last: string }>();
  for (const entry of usage.entries) {
    const key = fieldOf(entry.coordinate, entry.client, entry.version);
    const row = rows.get(key);
    if (row) {
      row.count += entry.count;
      if (entry.day < row.first) row.first = entry.day;
      if (entry.day > row.last) row.last = entry.day;
    } else rows.set(key, { coordinate: entry.coordinate, client: entry.client, version: entry.version, count: entry.count, first: entry.day, last: entry.day });
  }
  const header = ['coordinate', 'client', 'version', 'requests', 'first day', 'last day'];
  const body = [...rows.values()].map((r) => [r.coordinate, r.client, r.version, String(r.count), r.first, r.last]);
  if (body.length === 0) return 'no usage recorded in the period';
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
