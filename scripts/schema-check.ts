/**
 * `npm run schema:check [-- --usage FILE] [--json]`: can schema.graphql be released without
 * breaking a client still in use? Exit 0 when it can, 1 when not (the report says who breaks
 * and why), 2 when the inputs cannot be read. See docs/schema-lifecycle.md.
 */
import { schemaCheck } from './schema-lifecycle/commands.js';

const { status, stdout, stderr } = await schemaCheck(process.argv.slice(2));
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = status;
