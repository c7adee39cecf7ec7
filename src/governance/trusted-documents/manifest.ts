import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isRecord } from '../../is-record.js';

// Reads the trusted-document manifest (PERSISTED_DOCUMENTS_FILE) at start-up, in either format
// a client build writes:
//
// - `@graphql-codegen/client-preset` (`persistedDocuments: true`): `{ "<id>": "<document>" }`,
//   the id `sha256:<hex>` (or the bare hex);
// - Apollo's persisted query manifest: `{ "format": "apollo-persisted-query-manifest",
//   "version": 1, "operations": [{ "id", "name", "type", "body" }] }`.
//
// Every entry must be the sha256 of its body, parse, and validate against the schema: a
// manifest that would serve a document other than the one its id names, or one that can only
// fail, stops the start with a message that names each bad entry.

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Documents by the lowercase hex sha256 of their text. */
export type Manifest = ReadonlyMap<string, string>;

const HEX = /^[0-9a-f]{64}$/;
/** Bad entries named in one start-up error; the rest are counted. */
const MAX_REPORTED = 5;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `sha256:<hex>` or `<hex>`, any case, as its lowercase hex; `undefined` for anything else. */
export function hexIdOf(id: string): string | undefined {
  const hex = (id.toLowerCase().startsWith('sha256:') ? id.slice(7) : id).toLowerCase();
  return HEX.test(hex) ? hex : undefined;
}

interface Entry {
  id: string;
  label: string;
  body: unknown;
}

function entriesOf(json: unknown): Entry[] {
  if (!isRecord(json)) throw new ManifestError('expected a JSON object (client-preset or Apollo persisted query manifest)');
  if (!('format' in json)) {
    return Object.entries(json).map(([id, body]) => ({ id, label: `"${id}"`, body }));
  }
  if (json.format !== 'apollo-persisted-query-manifest')
    throw new ManifestError(`unknown format ${JSON.stringify(json.format)}; expected "apollo-persisted-query-manifest"`);
  if (json.version !== 1) throw new ManifestError(`unsupported Apollo manifest version ${JSON.stringify(json.version)}; expected 1`);
  if (!Array.isArray(json.operations)) throw new ManifestError('"operations" must be an array');
  return json.operations.map((operation: unknown, index) => {
    const entry = isRecord(operation) ? operation : {};
    const name = typeof entry.name === 'string' ? ` (${entry.name})` : '';
    return { id: typeof entry.id === 'string' ? entry.id : '', label: `operations[${index}]${name}`, body: entry.body };
  });
}

/** Why an entry cannot be served; the schema check is skipped when no schema is given. */
function problemOf(entry: Entry, schema: GraphQLSchema | undefined): string | undefined {
  const hex = hexIdOf(entry.id);
  if (hex === undefined) return `id ${JSON.stringify(entry.id)} is not a sha256 ("sha256:<64 hex digits>")`;
  if (typeof entry.body !== 'string') return 'the document is not a string';
  const actual = sha256Hex(entry.body);
  if (actual !== hex) return `the id does not match its document (whose sha256 is ${actual})`;
  let document: DocumentNode;
  try {
    document = parse(entry.body);
  } catch (error) {
    return `the document does not parse: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (schema === undefined) return undefined;
  const errors = validate(schema, document, specifiedRules);
  return errors.length > 0 ? `the document does not validate against the schema: ${errors[0]?.message}` : undefined;
}

/**
 * Checks the text of one manifest: every entry's id is the sha256 of its document, which
 * parses and (when `schema` is given) validates. Throws a ManifestError that starts with
 * `source` (the variable and file, or the registry file) and names each bad entry.
 */
export function parseManifest(text: string, source: string, schema?: GraphQLSchema): Manifest {
  const fail = (why: string): never => {
    throw new ManifestError(`${source}: ${why}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  let entries: Entry[] = [];
  try {
    entries = entriesOf(json);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const problems: string[] = [];
  const documents = new Map<string, string>();
  for (const entry of entries) {
    const problem = problemOf(entry, schema);
    if (problem) problems.push(`${entry.label}: ${problem}`);
    else documents.set(hexIdOf(entry.id) as string, entry.body as string);
  }
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? `\n  … and ${problems.length - MAX_REPORTED} more` : '';
    fail(`${problems.length} of ${entries.length} entries are unusable:\n  ${problems.slice(0, MAX_REPORTED).join('\n  ')}${more}`);
  }
  return documents;
}

/** Reads and checks the manifest; throws a ManifestError naming the file and each bad entry. */
export function loadManifest(file: string, schema: GraphQLSchema): Manifest {
  const source = `PERSISTED_DOCUMENTS_FILE=${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManifestError(`${source}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseManifest(text, source, schema);
}
