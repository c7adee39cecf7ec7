import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkSchema } from './check.js';
import { loadInputs, parseOptions, shown } from './inputs.js';
import { CHANGELOG_HEADER, changelogSection, releasedSchemaText } from './release.js';
import { renderReport } from './report.js';

/**
 * The two commands, as functions of their arguments (scripts/schema-check.ts and
 * scripts/schema-release.ts print the result and exit with its status). Status 0: passed or
 * released; 1: the check found problems; 2: the inputs could not be read.
 */
export interface CommandResult {
  status: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const failed = (command: string, error: unknown): CommandResult => ({
  status: 2,
  stdout: '',
  stderr: `${command}: ${error instanceof Error ? error.message : String(error)}\n`,
});

/** `npm run schema:check [-- --usage FILE] [--json]`. */
export async function schemaCheck(args: string[]): Promise<CommandResult> {
  try {
    const options = parseOptions(args);
    const { input, context } = await loadInputs(options);
    const report = await checkSchema(input);
    return { status: report.ok ? 0 : 1, stdout: options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, context), stderr: '' };
  } catch (error) {
    return failed('schema:check', error);
  }
}

/** `npm run schema:release`: only what passes the check is released. */
export async function schemaRelease(args: string[]): Promise<CommandResult> {
  try {
    const options = parseOptions(args);
    const { input, context } = await loadInputs(options);
    const report = await checkSchema(input);
    const first = !existsSync(options.released);
    if (!report.ok) return { status: 1, stdout: `${renderReport(report, context)}schema:release: not released; fix the problems above first.\n`, stderr: '' };
    if (!first && report.changes.length === 0) {
      return { status: 0, stdout: `schema:release: ${shown(options.schema)} is the released schema already; nothing to release.\n`, stderr: '' };
    }
    mkdirSync(dirname(options.released), { recursive: true });
    writeFileSync(options.released, releasedSchemaText(input.current));
    if (!existsSync(options.changelog)) writeFileSync(options.changelog, CHANGELOG_HEADER);
    appendFileSync(options.changelog, `\n${changelogSection(options.today, report.changes, first)}`);
    const { breaking, dangerous, safe } = report.summary;
    return {
      status: 0,
      stdout: `schema:release: wrote ${shown(options.released)} and appended ${breaking} breaking, ${dangerous} dangerous, ${safe} safe change(s) to ${shown(options.changelog)}\n`,
      stderr: '',
    };
  } catch (error) {
    return failed('schema:release', error);
  }
}
