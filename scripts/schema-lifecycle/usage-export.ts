import { readFileSync } from 'node:fs';
import { parseUsageExport, type UsageEntry, type UsageExport } from '../../src/usage/report.js';

export type { UsageEntry, UsageExport };

/**
 * The field-usage ledger's export (`npm run usage -- … --export FILE`): how often each client
 * version used each schema coordinate, per day. `schema:check --usage FILE` reads it so a
 * breaking change is refused while anything still used the coordinate within the retention.
 * Its format and parser are the gateway's (src/usage/report.ts), so every writer and reader agree.
 */

export class UsageExportError extends Error {
  override readonly name = 'UsageExportError';
}

/** Reads and checks a usage export; the error names the file and the first bad field. */
export function readUsageExport(file: string): UsageExport {
  try {
    return parseUsageExport(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new UsageExportError(`--usage ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
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
