/**
 * `npm run schema:release`: records schema.graphql as the released schema
 * (schema/released/schema.graphql) and appends its classified changes to schema/CHANGELOG.md,
 * only when `schema:check` passes. Exit 0 when released or nothing changed, 1 when the check
 * fails, 2 when the inputs cannot be read. See docs/schema-lifecycle.md.
 */
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkSchema } from './schema-lifecycle/check.js';
import { loadInputs, parseOptions, shown } from './schema-lifecycle/inputs.js';
import { CHANGELOG_HEADER, changelogSection, releasedSchemaText } from './schema-lifecycle/release.js';
import { renderReport } from './schema-lifecycle/report.js';

try {
  const options = parseOptions(process.argv.slice(2));
  const { input, context } = await loadInputs(options);
  const report = await checkSchema(input);
  const first = !existsSync(options.released);
  if (!report.ok) {
    process.stdout.write(renderReport(report, context));
    process.stdout.write('schema:release: not released; fix the problems above first.\n');
    process.exitCode = 1;
  } else if (!first && report.changes.length === 0) {
    process.stdout.write(`schema:release: ${shown(options.schema)} is the released schema already; nothing to release.\n`);
  } else {
    mkdirSync(dirname(options.released), { recursive: true });
    writeFileSync(options.released, releasedSchemaText(input.current));
    if (!existsSync(options.changelog)) writeFileSync(options.changelog, CHANGELOG_HEADER);
    appendFileSync(options.changelog, `\n${changelogSection(options.today, report.changes, first)}`);
    const { breaking, dangerous, safe } = report.summary;
    process.stdout.write(`schema:release: wrote ${shown(options.released)} and appended ${breaking} breaking, ${dangerous} dangerous, ${safe} safe change(s) to ${shown(options.changelog)}\n`);
  }
} catch (error) {
  process.stderr.write(`schema:release: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
