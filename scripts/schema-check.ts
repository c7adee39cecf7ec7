/**
 * `npm run schema:check [-- --usage FILE] [--json]`: can schema.graphql be released without
 * breaking a client still in use? Exit 0 when it can, 1 when not (the report says who breaks
 * and why), 2 when the inputs cannot be read. See docs/schema-lifecycle.md.
 */
import { checkSchema } from './schema-lifecycle/check.js';
import { loadInputs, parseOptions } from './schema-lifecycle/inputs.js';
import { renderReport } from './schema-lifecycle/report.js';

try {
  const options = parseOptions(process.argv.slice(2));
  const { input, context } = await loadInputs(options);
  const report = await checkSchema(input);
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, context));
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  process.stderr.write(`schema:check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
