import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildASTSchema, concatAST, parse } from 'graphql';
import { loadTypeDefs } from '../../src/schema.js';
import { hexIdOf, loadManifest, ManifestError, sha256Hex } from '../../src/governance/trusted-documents/manifest.js';

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));
const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: unknown): string {
  const path = join(dir, `manifest-${files++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const NUMBERS = 'query Numbers { numbers(first: 3) { totalCount } }';
const ACCESS = 'query Access { accessNumbers { code } }';

describe('loading the trusted-document manifest', () => {
  it('reads the client-preset format, with sha256:-prefixed or bare ids', () => {
    const manifest = loadManifest(file({ [`sha256:${sha256Hex(NUMBERS)}`]: NUMBERS, [sha256Hex(ACCESS).toUpperCase()]: ACCESS }), schema);
    expect([...manifest]).toEqual([
      [sha256Hex(NUMBERS), NUMBERS],
      [sha256Hex(ACCESS), ACCESS],
    ]);
  });

  it("reads Apollo's persisted query manifest", () => {
    const manifest = loadManifest(
      file({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [
          { id: sha256Hex(NUMBERS), name: 'Numbers', type: 'query', body: NUMBERS },
          { id: sha256Hex(ACCESS), name: 'Access', type: 'query', body: ACCESS },
        ],
      }),
      schema,
    );
    expect(manifest.get(sha256Hex(ACCESS))).toBe(ACCESS);
    expect(manifest.size).toBe(2);
  });

  it.each([
    ['a file that does not exist', () => join(dir, 'nope.json'), /PERSISTED_DOCUMENTS_FILE=.*nope\.json: cannot be read \(ENOENT\)/],
    ['a file that is not JSON', () => file('{ "sha256:…": '), /is not valid JSON/],
    ['a JSON array', () => file([NUMBERS]), /expected a JSON object/],
    ['an unknown format', () => file({ format: 'relay', version: 1, operations: [] }), /unknown format "relay"/],
    [
      'an Apollo manifest of another version',
      () => file({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }),
      /unsupported Apollo manifest version 2/,
    ],
  ])('stops the start on %s', (_case, path, message) => {
    expect(() => loadManifest(path(), schema)).toThrow(ManifestError);
    expect(() => loadManifest(path(), schema)).toThrow(message);
  });

  it('names every entry whose id does not match its document, does not parse or does not validate', () => {
    const path = file({
      [`sha256:${sha256Hex(ACCESS)}`]: NUMBERS,
      [`sha256:${sha256Hex('{ numbers {')}`]: '{ numbers {',
      [`sha256:${sha256Hex('{ zzzzzzzz }')}`]: '{ zzzzzzzz }',
      'md5:abc': ACCESS,
      [`sha256:${sha256Hex(NUMBERS)}`]: NUMBERS,
    });
    let error: unknown;
    try {
      loadManifest(path, schema);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as Error).message).toBe(
      [
        `PERSISTED_DOCUMENTS_FILE=${path}: 4 of 5 entries are unusable:`,
        `  "sha256:${sha256Hex(ACCESS)}": the id does not match its document (whose sha256 is ${sha256Hex(NUMBERS)})`,
        `  "sha256:${sha256Hex('{ numbers {')}": the document does not parse: Syntax Error: Expected Name, found <EOF>.`,
        `  "sha256:${sha256Hex('{ zzzzzzzz }')}": the document does not validate against the schema: Cannot query field "zzzzzzzz" on type "Query".`,
        '  "md5:abc": id "md5:abc" is not a sha256 ("sha256:<64 hex digits>")',
      ].join('\n'),
    );
  });

  it('reads ids as lowercase hex, with or without the sha256: prefix', () => {
    const hex = sha256Hex(NUMBERS);
    expect([hexIdOf(`sha256:${hex}`), hexIdOf(`SHA256:${hex.toUpperCase()}`), hexIdOf(hex), hexIdOf('sha1:abc'), hexIdOf(`${hex}0`)]).toEqual([
      hex,
      hex,
      hex,
      undefined,
      undefined,
    ]);
  });
});
