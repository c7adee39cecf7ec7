import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { CONFIG_VARIABLES } from '../../src/config-env.js';
import { RETIRED_VARIABLES } from '../../src/config-retired.js';

/**
 * docs/configuration.md has one table of every variable the gateway reads. It is checked against
 * the zod schema in src/config-env.ts (CONFIG_VARIABLES is its keys), both ways, so the page cannot
 * drift: a variable added to the schema without a row, or a row for one that is gone, fails here.
 */

const page = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** The `NAME`s in the first column of the table under a heading of the page. */
function namesInTable(heading: string): string[] {
  const from = page.indexOf(`\n## ${heading}\n`);
  if (from < 0) throw new Error(`docs/configuration.md has no "## ${heading}" section`);
  const to = page.indexOf('\n## ', from + 1);
  const rows = page
    .slice(from, to < 0 ? undefined : to)
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!));
}

describe('docs/configuration.md', () => {
  const documented = namesInTable('Every variable');

  it('lists every variable src/config.ts reads', () => {
    expect(CONFIG_VARIABLES.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('lists no variable src/config.ts does not read, and each once', () => {
    expect(documented.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  });

  it('lists every retired variable with its replacement, as the start refuses it', () => {
    // Cells trimmed: prettier pads the columns of a table to one width.
    const rows = page
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    for (const [name, { replacement }] of Object.entries(RETIRED_VARIABLES)) {
      expect(rows.some((cells) => cells[1] === `\`${name}\`` && cells[2] === `\`${replacement}\``)).toBe(true);
    }
    expect(namesInTable('Retired variables').filter((name) => !(name in RETIRED_VARIABLES) && !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });
});
