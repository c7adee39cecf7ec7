import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode, UserErrorCode } from '../../src/error-codes.js';

/**
 * docs/api.md is the page a frontend developer reads. It names every code of
 * src/error-codes.ts, so a new code cannot reach clients undocumented, and the `overrides` it
 * tells a frontend on Node 20 to copy are the ones this repository installs with.
 */

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const page = read('docs/api.md');

describe('docs/api.md', () => {
  it('names every extensions.code and userErrors code the gateway sends', () => {
    const codes = [...Object.values(ErrorCode), ...Object.values(UserErrorCode)];
    expect(codes.filter((code) => !page.includes(`\`${code}\``))).toEqual([]);
  });

  it("passes on package.json's overrides for the codegen CLI on Node 20, exactly", () => {
    const block = /```json\n("overrides": \{[\s\S]*?\})\n```/.exec(page);
    expect(block).not.toBeNull();
    const documented = (JSON.parse(`{${block![1]}}`) as { overrides: unknown }).overrides;
    expect(documented).toEqual((JSON.parse(read('package.json')) as { overrides: unknown }).overrides);
  });
});
