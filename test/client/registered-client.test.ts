import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * test/client/ is a client like any shipped app: the manifest its current build writes must be
 * registered in clients/typed-operations/ byte for byte, so `npm run schema:check` guards the
 * operations it really sends. Older registered versions stay until they are retired.
 */
const GENERATED = fileURLToPath(new URL('./generated/persisted-documents.json', import.meta.url));
const REGISTERED = fileURLToPath(new URL('../../clients/typed-operations/', import.meta.url));

describe("the in-repository client's registration", () => {
  it('registers the manifest test/client builds as a version of typed-operations', () => {
    const generated = readFileSync(GENERATED, 'utf8');
    const versions = readdirSync(REGISTERED).filter((name) => name.endsWith('.json'));
    const registered = versions.filter((name) => readFileSync(`${REGISTERED}${name}`, 'utf8') === generated);
    // On failure: test/client's operations changed; ship them as a new version by copying
    // test/client/generated/persisted-documents.json to clients/typed-operations/<version>.json.
    expect(registered).not.toEqual([]);
  });
});
