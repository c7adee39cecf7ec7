import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The field-usage ledger's export (`npm run usage -- … --export FILE`): how often each client
 * version used each schema coordinate, per day. `schema:check --usage FILE` reads it so a
 * breaking change is refused while anything still used the coordinate within the retention.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const usageExportSchema = z.object({
  format: z.literal('numbers-gateway-usage'),
  version: z.literal(1),
  generatedAt: z.iso.datetime({ offset: true }),
  retentionDays: z.number().int().positive().max(3660),
  entries: z.array(
    z.object({
      coordinate: z.string().min(1).max(512),
      client: z.string().min(1).max(128),
      version: z.string().min(1).max(128),
      day: z.string().regex(DAY, 'expected YYYY-MM-DD'),
      count: z.number().int().nonnegative(),
    }),
  ),
});

export type UsageExport = z.infer<typeof usageExportSchema>;
export type UsageEntry = UsageExport['entries'][number];

export class UsageExportError extends Error {
  override readonly name = 'UsageExportError';
}

/** Reads and checks a usage export; the error names the file and the first bad field. */
export function readUsageExport(file: string): UsageExport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageExportError(`--usage ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = usageExportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the file';
    throw new UsageExportError(`--usage ${file}: not a numbers-gateway-usage export version 1 (${where}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/** The first day the export's retention window covers, `YYYY-MM-DD` (UTC). */
export function firstRetainedDay(usage: UsageExport): string {
  const generated = new Date(usage.generatedAt);
  const first = new Date(Date.UTC(generated.getUTCFullYear(), generated.getUTCMonth(), generated.getUTCDate() - (usage.retentionDays - 1)));
  return first.toISOString().slice(0, 10);
}

/** Entries within the retention window with a non-zero count. */
export function retainedEntries(usage: UsageExport): UsageEntry[] {
  const first = firstRetainedDay(usage);
  return usage.entries.filter((entry) => entry.count > 0 && entry.day >= first);
}
