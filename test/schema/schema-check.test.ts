import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildSchema } from 'graphql';
import { checkSchema, type CheckReport, type Problem } from '../../scripts/schema-lifecycle/check.js';
import type { UsageExport } from '../../scripts/schema-lifecycle/usage-export.js';
import { loadClientRegistry, type ClientRegistry } from '../../src/governance/trusted-documents/client-registry.js';
import { changed, fixtureRegistry, RELEASED_SDL } from './fixtures.js';

let dir: string;
let registry: ClientRegistry;
beforeAll(async () => {
  dir = fixtureRegistry();
  registry = await loadClientRegistry(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TODAY = '2026-12-05';

function check(sdl: string, extra: { usage?: UsageExport; today?: string } = {}): Promise<CheckReport> {
  return checkSchema({
    released: buildSchema(RELEASED_SDL),
    current: buildSchema(sdl),
    registry,
    today: extra.today ?? TODAY,
    ...(extra.usage ? { usage: extra.usage } : {}),
  });
}

const kinds = (problems: Problem[]) => problems.map((problem) => problem.kind);

function usage(entries: UsageExport['entries']): UsageExport {
  return { format: 'numbers-gateway-usage', version: 1, generatedAt: '2026-12-05T06:00:00.000Z', retentionDays: 30, entries };
}

describe('npm run schema:check', () => {
  it('passes an additive change, counting safe and dangerous changes', async () => {
    const report = await check(changed(['  note: String\n', '  note: String\n  label: String\n'], ['  QUEUE\n', '  QUEUE\n  VOICEMAIL\n']));
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ breaking: 0, dangerous: 1, safe: 1 });
    expect(report.changes.map(({ level, message }) => [level, message])).toEqual([
      ['safe', "Field 'label' was added to object type 'Number'"],
      ['dangerous', "Enum value 'VOICEMAIL' was added to enum 'Kind'"],
    ]);
    expect(report.problems).toEqual([]);
  });

  it('passes the released schema unchanged', async () => {
    expect(await check(RELEASED_SDL)).toEqual({ ok: true, summary: { breaking: 0, dangerous: 0, safe: 0 }, changes: [], problems: [] });
  });

  it('fails naming the client, version and operation when a field they select is removed, and the date it may go', async () => {
    const report = await check(changed(['  type: String @deprecated(reason: "Use kind. Removal not before 2027-06-01.")\n', '']));
    const change = "Field 'type' (deprecated) was removed from object type 'Number'";
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        kind: 'operation-invalid',
        client: 'ios-app',
        version: '3.2.0',
        operation: 'Dashboard',
        id: expect.any(String),
        message: 'Cannot query field "type" on type "Number".',
      },
      { kind: 'breaks-registered-operation', change, coordinate: 'Number.type', client: 'ios-app', version: '3.2.0', operation: 'Dashboard', via: 'document' },
      { kind: 'removed-before-date', change, coordinate: 'Number.type', removalDate: '2027-06-01' },
    ]);
  });

  it('fails naming every operation of the field when a used argument becomes required', async () => {
    const report = await check(changed(['    first: Int\n', '    first: Int!\n']));
    const change = "Type for argument 'first' on field 'Query.numbers' changed from 'Int' to 'Int!'";
    expect(report.problems).toEqual([
      {
        kind: 'operation-invalid',
        client: 'web',
        version: '1.0.0',
        operation: 'Page',
        id: expect.any(String),
        message: 'Variable "$first" of type "Int" used in position expecting type "Int!".',
      },
      {
        kind: 'breaks-registered-operation',
        change,
        coordinate: 'Query.numbers',
        client: 'ios-app',
        version: '3.2.0',
        operation: 'Dashboard',
        via: 'document',
      },
      { kind: 'breaks-registered-operation', change, coordinate: 'Query.numbers', client: 'web', version: '1.0.0', operation: 'Page', via: 'document' },
    ]);
  });

  it('fails naming the operation that sends an enum value when the value is removed without a deprecation', async () => {
    const report = await check(changed(['  INCOMING\n  UTILITY\n', '  INCOMING\n']));
    const change = "Enum value 'UTILITY' was removed from enum 'Context'";
    expect(report.problems).toEqual([
      {
        kind: 'operation-invalid',
        client: 'ios-app',
        version: '3.2.0',
        operation: 'Dashboard',
        id: expect.any(String),
        message: 'Value "UTILITY" does not exist in "Context" enum.',
      },
      {
        kind: 'breaks-registered-operation',
        change,
        coordinate: 'Context.UTILITY',
        client: 'ios-app',
        version: '3.2.0',
        operation: 'Dashboard',
        via: 'document',
      },
      { kind: 'removed-without-deprecation', change, coordinate: 'Context.UTILITY' },
    ]);
  });

  it('counts input fields and enum values a variable may carry as used', async () => {
    const report = await check(changed(['  MENU\n  QUEUE\n', '  MENU\n']));
    expect(report.problems).toContainEqual({
      kind: 'breaks-registered-operation',
      change: "Enum value 'QUEUE' was removed from enum 'Kind'",
      coordinate: 'Kind.QUEUE',
      client: 'web',
      version: '1.0.0',
      operation: 'Route',
      via: 'variables',
    });
  });

  it('refuses a removal before the date its deprecation names, and allows it from that day', async () => {
    const sdl = changed(['  legacy: String @deprecated(reason: "Use id. Removal not before 2026-01-01.")\n', '']);
    const change = "Field 'legacy' (deprecated) was removed from object type 'Number'";
    expect((await check(sdl, { today: '2025-12-31' })).problems).toEqual([
      { kind: 'removed-before-date', change, coordinate: 'Number.legacy', removalDate: '2026-01-01' },
    ]);
    const report = await check(sdl, { today: '2026-01-01' });
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ breaking: 1, dangerous: 0, safe: 0 });
  });

  it('refuses a removal the usage export recorded within its retention, naming each client version', async () => {
    const sdl = changed(['  legacy: String @deprecated(reason: "Use id. Removal not before 2026-01-01.")\n', '']);
    const report = await check(sdl, {
      usage: usage([
        { coordinate: 'Number.legacy', client: 'ios-app', version: '3.1.0', day: '2026-11-30', count: 7 },
        { coordinate: 'Number.legacy', client: 'ios-app', version: '3.1.0', day: '2026-12-01', count: 5 },
        { coordinate: 'Number.legacy', client: 'android', version: '2.0.0', day: '2026-11-06', count: 1 },
        { coordinate: 'Number.legacy', client: 'android', version: '1.0.0', day: '2026-11-05', count: 9 },
        { coordinate: 'Number.id', client: 'web', version: '1.0.0', day: '2026-12-05', count: 40 },
      ]),
    });
    const change = "Field 'legacy' (deprecated) was removed from object type 'Number'";
    // The 30 days that end on 2026-12-05 start on 2026-11-06: android 1.0.0's use is older.
    expect(report.problems).toEqual([
      { kind: 'breaks-recorded-usage', change, coordinate: 'Number.legacy', client: 'ios-app', version: '3.1.0', count: 12, lastDay: '2026-12-01' },
      { kind: 'breaks-recorded-usage', change, coordinate: 'Number.legacy', client: 'android', version: '2.0.0', count: 1, lastDay: '2026-11-06' },
    ]);
  });

  it('counts recorded uses of an argument as uses of a field that gains a required argument', async () => {
    const report = await check(changed(['    context: Context\n', '    context: Context\n    tenant: ID!\n']), {
      usage: usage([{ coordinate: 'Query.numbers(context:)', client: 'ios-app', version: '3.0.0', day: '2026-12-02', count: 3 }]),
    });
    expect(kinds(report.problems)).toEqual([
      'operation-invalid',
      'operation-invalid',
      'breaks-registered-operation',
      'breaks-registered-operation',
      'breaks-recorded-usage',
    ]);
    expect(report.problems[4]).toMatchObject({ coordinate: 'Query.numbers', client: 'ios-app', version: '3.0.0', count: 3 });
  });

  it('refuses a deprecation whose reason names no removal date', async () => {
    const report = await check(changed(['  note: String\n', '  note: String @deprecated(reason: "Use label.")\n']));
    expect(report.problems).toEqual([{ kind: 'deprecation-without-date', coordinate: 'Number.note', reason: 'Use label.' }]);
  });

  it('refuses removing an argument that was never deprecated even when no one uses it', async () => {
    const report = await check(changed(['    destinationKind: Kind\n', '']));
    expect(report.problems).toEqual([
      {
        kind: 'removed-without-deprecation',
        change: "Argument 'destinationKind: Kind' was removed from field 'Query.numbers'",
        coordinate: 'Query.numbers(destinationKind:)',
      },
    ]);
  });
});
