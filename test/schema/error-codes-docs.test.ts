import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode, UserErrorCode } from '../../src/error-codes.js';

/**
 * docs/api.md is where a frontend developer looks up what an `extensions.code` or a
 * `userErrors[].code` means: it names every code of src/error-codes.ts, so a new code cannot
 * reach clients undocumented.
 */

const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

describe('docs/api.md', () => {
  it('names every extensions.code and userErrors code the gateway sends', () => {
    const codes = [...Object.values(ErrorCode), ...Object.values(UserErrorCode)];
    expect(codes.filter((code) => !page.includes(`\`${code}\``))).toEqual([]);
  });
});
