/**
 * `npm run schema:release`: records schema.graphql as the released schema
 * (schema/released/schema.graphql) and appends its classified changes to schema/CHANGELOG.md,
 * only when `schema:check` passes. Exit 0 when released or nothing changed, 1 when the check
 * fails, 2 when the inputs cannot be read. See docs/schema-lifecycle.md.
 */
import { schemaRelease } from './schema-lifecycle/commands.js';

const { status, stdout, stderr } = await schemaRelease(process.argv.slice(2));
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = status;
