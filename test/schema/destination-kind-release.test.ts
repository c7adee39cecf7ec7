import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { assertObjectType, buildSchema } from 'graphql';
import type { CheckReport } from '../../scripts/schema-lifecycle/check.js';
import { schemaCheck } from '../../scripts/schema-lifecycle/commands.js';
import { deprecationsOf } from '../../src/usage/coordinates.js';

/**
 * The repository's own schema change, checked with the repository's released schema and client
 * registry: `DestinationKind` replaced the free-string destination `type`, which is deprecated
 * and released; `clients/typed-operations/1.0.0.json` still selects `Destination.type` (1.1.0
 * moved to `kind`), so removing it must fail, naming that client, version and operation only,
 * even after the removal date.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEMA = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
const RELEASED = join(ROOT, 'schema/released/schema.graphql');
const CLIENTS = join(ROOT, 'clients');
const work = mkdtempSync(join(tmpdir(), 'destination-kind-release-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TYPE_FIELD =
  '  """The upstream\'s name of the kind, e.g. `Menu`, `Queue`, `CallGroup`."""\n  type: String! @deprecated(reason: "Use kind. Removal not before 2027-06-01.")\n';

async function checkWithout(field: string, today: string): Promise<{ status: number; report: CheckReport }> {
  expect(SCHEMA).toContain(field);
  const schema = join(work, `schema-${today}.graphql`);
  writeFileSync(schema, SCHEMA.replace(field, ''));
  const { status, stdout } = await schemaCheck(['--schema', schema, '--released', RELEASED, '--clients', CLIENTS, '--today', today, '--json']);
  return { status, report: JSON.parse(stdout) as CheckReport };
}

describe('the DestinationKind release', () => {
  it('is released: kind in the released schema, the three free-string coordinates deprecated by the policy', () => {
    const released = buildSchema(readFileSync(RELEASED, 'utf8'));
    expect(String(assertObjectType(released.getType('Destination')).getFields()['kind']?.type)).toBe('DestinationKind!');
    const deprecated = deprecationsOf(released).filter(({ coordinate }) => /destination/i.test(coordinate));
    expect(deprecated).toEqual([
      { coordinate: 'Destination.type', reason: 'Use kind. Removal not before 2027-06-01.' },
      { coordinate: 'DestinationInput.type', reason: 'Use kind. Removal not before 2027-06-01.' },
      { coordinate: 'Query.numbers(destinationType:)', reason: 'Use destinationKind. Removal not before 2027-06-01.' },
    ]);
  });

  it.each([
    ['before its removal date', '2026-12-07', [{ kind: 'removed-before-date', removalDate: '2027-06-01' }]],
    ['on its removal date', '2027-06-01', []],
  ])('refuses removing Destination.type %s while typed-operations 1.0.0 selects it', async (_when, today, policy) => {
    const { status, report } = await checkWithout(TYPE_FIELD, today);
    const change = "Field 'type' (deprecated) was removed from object type 'Destination'";
    expect(status).toBe(1);
    expect(report.changes.map(({ level, message }) => [level, message])).toEqual([['breaking', change]]);
    expect(report.problems).toEqual([
      {
        kind: 'operation-invalid',
        client: 'typed-operations',
        version: '1.0.0',
        operation: 'ClientNumbersDashboard',
        id: expect.any(String),
        message: 'Cannot query field "type" on type "Destination".',
      },
      {
        kind: 'breaks-registered-operation',
        change,
        coordinate: 'Destination.type',
        client: 'typed-operations',
        version: '1.0.0',
        operation: 'ClientNumbersDashboard',
        via: 'document',
      },
      ...policy.map((problem) => ({ ...problem, change, coordinate: 'Destination.type' })),
    ]);
  });
});
