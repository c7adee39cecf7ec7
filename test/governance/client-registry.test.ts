import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildASTSchema, concatAST, parse } from 'graphql';
import { loadClientRegistry } from '../../src/governance/trusted-documents/client-registry.js';
import { loadTypeDefs } from '../../src/schema.js';
import { ManifestError, sha256Hex } from '../../src/governance/trusted-documents/manifest.js';

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));
const root = mkdtempSync(join(tmpdir(), 'client-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let registries = 0;
/** A registry folder holding `files` (relative path → JSON value or raw text). */
function registry(files: Record<string, unknown>): string {
  const dir = join(root, `registry-${registries++}`);
  mkdirSync(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const NUMBERS = 'query Numbers { numbers(first: 3) { totalCount } }';
const ACCESS = 'query Access { accessNumbers { code } }';
const PREFIXES = 'query Prefixes { availablePrefixes(first: 2) { prefix } }';
const preset = (...documents: string[]) => Object.fromEntries(documents.map((document) => [`sha256:${sha256Hex(document)}`, document]));
const apollo = (...documents: string[]) => ({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: documents.map((body) => ({ id: sha256Hex(body), name: 'Op', type: 'query', body })),
});

async function failure(dir: string, options = {}): Promise<Error> {
  try {
    await loadClientRegistry(dir, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as Error;
  }
  throw new Error('expected the registry to be refused');
}

describe('the client registry', () => {
  it('reads every client version in either manifest format, and the union of their documents', async () => {
    const dir = registry({
      'ios-app/3.2.0.json': preset(NUMBERS, ACCESS),
      'ios-app/3.10.0.json': apollo(NUMBERS),
      'web/1.0.0.json': apollo(PREFIXES, NUMBERS),
      'README.md': '# shipped clients',
      'web/.gitkeep': '',
    });
    const found = await loadClientRegistry(dir);
    expect(found.manifests.map(({ client, version, file, documents }) => [client, version, file, [...documents.keys()]])).toEqual([
      ['ios-app', '3.2.0', join(dir, 'ios-app', '3.2.0.json'), [sha256Hex(NUMBERS), sha256Hex(ACCESS)]],
      ['ios-app', '3.10.0', join(dir, 'ios-app', '3.10.0.json'), [sha256Hex(NUMBERS)]],
      ['web', '1.0.0', join(dir, 'web', '1.0.0.json'), [sha256Hex(PREFIXES), sha256Hex(NUMBERS)]],
    ]);
    expect(new Map(found.documents)).toEqual(
      new Map([
        [sha256Hex(NUMBERS), NUMBERS],
        [sha256Hex(ACCESS), ACCESS],
        [sha256Hex(PREFIXES), PREFIXES],
      ]),
    );
    expect([...found.clients]).toEqual(['ios-app', 'web']);
  });

  it('says which client versions ship an id, given as sha256:<hex> or bare hex in any case', async () => {
    const found = await loadClientRegistry(
      registry({ 'ios-app/3.2.0.json': preset(NUMBERS, ACCESS), 'ios-app/3.3.0.json': preset(NUMBERS), 'web/1.0.0.json': apollo(NUMBERS) }),
    );
    expect(found.shippedBy(`sha256:${sha256Hex(NUMBERS)}`)).toEqual([
      { client: 'ios-app', version: '3.2.0' },
      { client: 'ios-app', version: '3.3.0' },
      { client: 'web', version: '1.0.0' },
    ]);
    expect(found.shippedBy(sha256Hex(ACCESS).toUpperCase())).toEqual([{ client: 'ios-app', version: '3.2.0' }]);
    expect(found.shippedBy(sha256Hex(PREFIXES))).toEqual([]);
    expect(found.shippedBy('not-a-hash')).toEqual([]);
  });

  it('validates every document against a schema when given one, naming the file and entry', async () => {
    const dir = registry({ 'web/2.0.0.json': preset(NUMBERS, '{ zzzzzzzz }') });
    expect((await loadClientRegistry(registry({ 'web/1.0.0.json': preset(NUMBERS) }), { schema })).documents.size).toBe(1);
    expect((await failure(dir, { schema })).message).toBe(
      `client registry: ${join(dir, 'web', '2.0.0.json')}: 1 of 2 entries are unusable:\n  "sha256:${sha256Hex('{ zzzzzzzz }')}": the document does not validate against the schema: Cannot query field "zzzzzzzz" on type "Query".`,
    );
    // Without a schema only ids and syntax are checked: the registry is read before a new schema is.
    expect((await loadClientRegistry(dir)).documents.size).toBe(2);
  });

  it.each([
    ['a folder that does not exist', () => join(root, 'nope'), (dir: string) => `client registry: ${dir} cannot be read (ENOENT)`],
    [
      'an empty folder',
      () => registry({ 'README.md': 'none yet' }),
      (dir: string) => `client registry: ${dir} holds no manifest; expected ${join(dir, '<client>', '<version>.json')}`,
    ],
    [
      'a manifest outside a client folder',
      () => registry({ 'web.json': preset(NUMBERS) }),
      (dir: string) => `client registry: ${join(dir, 'web.json')} is not a client folder; expected ${join(dir, '<client>', '<version>.json')}`,
    ],
    [
      'a client name with a space',
      () => registry({ 'ios app/1.0.0.json': preset(NUMBERS) }),
      (dir: string) =>
        `client registry: ${join(dir, 'ios app')}: the client name "ios app" must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    ],
    [
      'a client name of 65 characters',
      () => registry({ [`${'a'.repeat(65)}/1.0.0.json`]: preset(NUMBERS) }),
      (dir: string) =>
        `client registry: ${join(dir, 'a'.repeat(65))}: the client name "${'a'.repeat(65)}" must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    ],
    [
      'a version starting with a dash',
      () => registry({ 'web/-1.json': preset(NUMBERS) }),
      (dir: string) =>
        `client registry: ${join(dir, 'web', '-1.json')}: the version "-1" must be 1 to 64 letters, digits, '.', '+', '_' or '-', starting with a letter or digit`,
    ],
    [
      'a file that is not JSON by name',
      () => registry({ 'web/1.0.0.yml': 'a: 1' }),
      (dir: string) => `client registry: ${join(dir, 'web', '1.0.0.yml')} is not a manifest; expected <version>.json (or a .md file)`,
    ],
    [
      'a manifest that is not JSON',
      () => registry({ 'web/1.0.0.json': '{ "sha256:' }),
      (dir: string) => `client registry: ${join(dir, 'web', '1.0.0.json')}: is not valid JSON (`,
    ],
    [
      'an entry whose id is not its document',
      () => registry({ 'web/1.0.0.json': { [`sha256:${sha256Hex(ACCESS)}`]: NUMBERS } }),
      (dir: string) =>
        `client registry: ${join(dir, 'web', '1.0.0.json')}: 1 of 1 entries are unusable:\n  "sha256:${sha256Hex(ACCESS)}": the id does not match its document (whose sha256 is ${sha256Hex(NUMBERS)})`,
    ],
    [
      'an unknown manifest format',
      () => registry({ 'web/1.0.0.json': { format: 'relay', version: 1 } }),
      (dir: string) => `client registry: ${join(dir, 'web', '1.0.0.json')}: unknown format "relay"`,
    ],
  ])('refuses %s with an error naming the file', async (_case, make, message) => {
    const dir = make();
    expect((await failure(dir)).message.startsWith(message(dir))).toBe(true);
  });
});
