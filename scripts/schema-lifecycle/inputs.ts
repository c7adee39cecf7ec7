import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { loadClientRegistry, type ClientRegistry } from '../../src/governance/trusted-documents/client-registry.js';
import type { CheckInput } from './check.js';
import type { ReportContext } from './report.js';
import { firstRetainedDay, readUsageExport, retainedEntries, type UsageExport } from './usage-export.js';

/** Command-line options and files shared by `schema:check` and `schema:release`. */

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

export const DEFAULTS = {
  schema: root('schema.graphql'),
  released: root('schema/released/schema.graphql'),
  changelog: root('schema/CHANGELOG.md'),
  clients: root('clients'),
};

/** A path as the reports show it: relative to the working directory when inside it, else absolute (never `../../tmp/…`). */
export function shown(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? resolve(file) : inside;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseOptions(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      schema: { type: 'string', default: DEFAULTS.schema },
      released: { type: 'string', default: DEFAULTS.released },
      changelog: { type: 'string', default: DEFAULTS.changelog },
      clients: { type: 'string', default: DEFAULTS.clients },
      usage: { type: 'string' },
      today: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today ${JSON.stringify(today)}: expected YYYY-MM-DD`);
  return { ...values, today };
}

export type Options = ReturnType<typeof parseOptions>;

export function readSchema(file: string, what: string): GraphQLSchema {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return buildSchema(text);
  } catch (error) {
    throw new UsageError(`${what} ${file} is not a valid schema: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export interface Loaded {
  input: CheckInput;
  context: ReportContext;
}

/** The schemas, the client registry and the usage export the options name. */
export async function loadInputs(options: Options): Promise<Loaded> {
  const current = readSchema(options.schema, 'schema');
  // Before the first release there is nothing to break: the schema is compared with itself.
  const released = existsSync(options.released) ? readSchema(options.released, 'released schema') : current;
  const registry: ClientRegistry | undefined = existsSync(options.clients) ? await loadClientRegistry(options.clients) : undefined;
  const usage: UsageExport | undefined = options.usage === undefined ? undefined : readUsageExport(options.usage);
  const versions = registry?.manifests.length ?? 0;
  return {
    input: { current, released, today: options.today, ...(registry ? { registry } : {}), ...(usage ? { usage } : {}) },
    context: {
      schemaFile: shown(options.schema),
      releasedFile: existsSync(options.released) ? shown(options.released) : `${shown(options.released)} (none yet)`,
      registry: registry
        ? `${registry.clients.size} client(s), ${versions} version(s), ${registry.documents.size} operation(s) in ${shown(options.clients)}`
        : `no registry at ${shown(options.clients)}`,
      usage:
        usage && options.usage
          ? `${retainedEntries(usage).length} entries from ${firstRetainedDay(usage)} on in ${shown(options.usage)}`
          : 'no export given (--usage FILE)',
    },
  };
}
