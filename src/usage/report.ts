// The usage export: one format for the internal endpoint (`GET /usage`), the CLI's `--export`
// and `schema:check --usage FILE`, so whichever produced a file, every tool reads it.

import { isRecord } from '../is-record.js';

export const USAGE_FORMAT = 'numbers-gateway-usage';

export interface UsageEntry {
  coordinate: string;
  client: string;
  version: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

export interface UsageExport {
  format: typeof USAGE_FORMAT;
  version: 1;
  generatedAt: string;
  retentionDays: number;
  entries: UsageEntry[];
}

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

/** Parses a usage export (a file written by the CLI or an answer of the endpoint); throws naming what is wrong. */
export function parseUsageExport(json: unknown): UsageExport {
  const fail = (why: string): never => {
    throw new Error(`not a usage export: ${why}`);
  };
  if (!isRecord(json)) return fail('expected a JSON object');
  const value = json;
  if (value.format !== USAGE_FORMAT) fail(`"format" must be ${JSON.stringify(USAGE_FORMAT)}`);
  if (value.version !== 1) fail(`unsupported version ${JSON.stringify(value.version)}; expected 1`);
  if (typeof value.generatedAt !== 'string') fail('"generatedAt" must be an ISO date string');
  if (typeof value.retentionDays !== 'number' || !Number.isInteger(value.retentionDays)) fail('"retentionDays" must be an integer');
  if (!Array.isArray(value.entries)) return fail('"entries" must be an array');
  const entries = value.entries.map((entry: unknown, index): UsageEntry => {
    const e = isRecord(entry) ? entry : {};
    const strings = ['coordinate', 'client', 'version', 'day'] as const;
    for (const key of strings) if (typeof e[key] !== 'string') fail(`entries[${index}].${key} must be a string`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.day as string)) fail(`entries[${index}].day must be YYYY-MM-DD`);
    if (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 0) fail(`entries[${index}].count must be a non-negative integer`);
    return { coordinate: e.coordinate as string, client: e.client as string, version: e.version as string, day: e.day as string, count: e.count as number };
  });
  return { format: USAGE_FORMAT, version: 1, generatedAt: value.generatedAt as string, retentionDays: value.retentionDays as number, entries };
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
