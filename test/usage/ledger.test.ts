import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUsageExport } from '../../scripts/schema-lifecycle/usage-export.js';
import type { OperationUsage } from '../../src/usage/coordinates.js';
import { createUsageLedger, MAX_PENDING } from '../../src/usage/ledger.js';
import { parseUsageExport, usageTable, type DayCounts } from '../../src/usage/report.js';
import { createMemorySink, type UsageSink } from '../../src/usage/sinks.js';

const op = (...coordinates: string[]): OperationUsage => ({ coordinates, deprecated: [], variables: [] });
const DASHBOARD = op('Destination.type', 'Number.destination', 'Query.numbers');
const DAY = Date.parse('2026-12-05T10:00:00Z');

/** A sink that fails while `down` is set, and counts what it was given. */
function flakySink(retentionDays = 30) {
  const inner = createMemorySink(retentionDays);
  const state = { down: false, adds: 0 };
  const sink: UsageSink = {
    kind: 'memory',
    async add(byDay: ReadonlyMap<string, DayCounts>, now: number) {
      state.adds += 1;
      if (state.down) throw new Error('ECONNREFUSED');
      await inner.add(byDay, now);
    },
    read: (days) => inner.read(days),
  };
  return { sink, state };
}

describe('the usage ledger', () => {
  it('counts each coordinate of an operation per client, version and UTC day', async () => {
    let now = DAY;
    const ledger = createUsageLedger({ sink: createMemorySink(30), retentionDays: 30, now: () => now });
    for (let i = 0; i < 3; i++) ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    ledger.record(DASHBOARD, ['DestinationInput.type'], 'android-app', '1.0.0');
    now += 86_400_000;
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    const usage = await ledger.query({ coordinate: 'Destination.type', days: 30 });
    expect(usage).toEqual({
      format: 'numbers-gateway-usage',
      version: 1,
      generatedAt: new Date(now).toISOString(),
      retentionDays: 30,
      entries: [
        { coordinate: 'Destination.type', client: 'android-app', version: '1.0.0', day: '2026-12-05', count: 1 },
        { coordinate: 'Destination.type', client: 'ios-app', version: '3.2.0', day: '2026-12-05', count: 3 },
        { coordinate: 'Destination.type', client: 'ios-app', version: '3.2.0', day: '2026-12-06', count: 1 },
      ],
    });
    expect((await ledger.query({ coordinate: 'DestinationInput.type', days: 30 })).entries).toEqual([
      { coordinate: 'DestinationInput.type', client: 'android-app', version: '1.0.0', day: '2026-12-05', count: 1 },
    ]);
    // Only today: the day before is outside one day.
    expect((await ledger.query({ coordinate: 'Destination.type', days: 1 })).entries.map((e) => e.day)).toEqual(['2026-12-06']);
    expect((await ledger.query({ days: 30 })).entries).toHaveLength(3 * 3 + 1);
  });

  it('keeps the counts of a failed flush and sends them, once, when the sink is back', async () => {
    const { sink, state } = flakySink();
    const ledger = createUsageLedger({ sink, retentionDays: 30, now: () => DAY });
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    state.down = true;
    expect(await ledger.flush()).toBe(false);
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    expect(await ledger.flush()).toBe(false);
    state.down = false;
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    expect(await ledger.flush()).toBe(true);
    expect(await ledger.flush()).toBe(true);
    expect((await ledger.query({ coordinate: 'Query.numbers', days: 1 })).entries).toEqual([
      { coordinate: 'Query.numbers', client: 'ios-app', version: '3.2.0', day: '2026-12-05', count: 3 },
    ]);
    // Nothing pending: the empty flushes did not call the sink.
    expect(state.adds).toBe(3);
  });

  it('stays bounded in memory while the sink is away, counting what it drops', async () => {
    const { sink, state } = flakySink();
    let dropped = 0;
    const ledger = createUsageLedger({ sink, retentionDays: 30, now: () => DAY, onDropped: (n) => (dropped += n) });
    state.down = true;
    const known = op('Query.known');
    ledger.record(known, [], 'web', '1');
    for (let i = 1; i < MAX_PENDING + 500; i++) ledger.record(op(`Query.f${i}`), [], 'web', '1');
    expect(dropped).toBe(500);
    // A (bucket, operation) pair already counted still counts when memory is full; a new one does not.
    ledger.record(known, [], 'web', '1');
    expect(dropped).toBe(500);
    ledger.record(op('Query.new'), [], 'web', '1');
    expect(dropped).toBe(501);
  });

  it('drops counts older than the retention instead of keeping them for a sink that would expire them', async () => {
    const { sink, state } = flakySink(2);
    let now = DAY;
    const ledger = createUsageLedger({ sink, retentionDays: 2, now: () => now });
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    state.down = true;
    await ledger.flush();
    now += 3 * 86_400_000;
    state.down = false;
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    await ledger.flush();
    expect((await ledger.query({ coordinate: 'Query.numbers', days: 2 })).entries).toEqual([
      { coordinate: 'Query.numbers', client: 'ios-app', version: '3.2.0', day: '2026-12-08', count: 1 },
    ]);
  });
});

describe('the usage export', () => {
  it('reads back what the ledger writes, and prints as a table summed over days', async () => {
    const ledger = createUsageLedger({ sink: createMemorySink(30), retentionDays: 30, now: () => DAY });
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    ledger.record(DASHBOARD, [], 'ios-app', '3.2.0');
    const usage = await ledger.query({ coordinate: 'Destination.type', days: 7 });
    expect(parseUsageExport(JSON.parse(JSON.stringify(usage)))).toEqual(usage);
    expect(usageTable(usage).split('\n')).toEqual([
      'coordinate        client   version  requests  first day   last day',
      '----------------  -------  -------  --------  ----------  ----------',
      'Destination.type  ios-app  3.2.0           2  2026-12-05  2026-12-05',
    ]);
  });

  it('is read by schema:check --usage exactly as the CLI reads it, refusing the same files with the same reason', async () => {
    const ledger = createUsageLedger({ sink: createMemorySink(30), retentionDays: 30, now: () => DAY });
    ledger.record(DASHBOARD, [], 'android-app', '1.0.0');
    const usage = await ledger.query({ days: 30 });
    const dir = mkdtempSync(join(tmpdir(), 'usage-export-'));
    try {
      const good = join(dir, 'usage.json');
      writeFileSync(good, JSON.stringify(usage, null, 2));
      expect(readUsageExport(good)).toEqual(usage);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...usage, retentionDays: 0 }));
      expect(() => parseUsageExport({ ...usage, retentionDays: 0 })).toThrow(
        'not a numbers-gateway-usage export version 1 (retentionDays: Too small: expected number to be >0)',
      );
      expect(() => readUsageExport(bad)).toThrow(
        `--usage ${bad}: not a numbers-gateway-usage export version 1 (retentionDays: Too small: expected number to be >0)`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file that is not a usage export, naming what is wrong', () => {
    expect(() => parseUsageExport({ format: 'other' })).toThrow(
      'not a numbers-gateway-usage export version 1 (format: Invalid input: expected "numbers-gateway-usage")',
    );
    const base = { format: 'numbers-gateway-usage', version: 1, generatedAt: '2026-12-05T00:00:00.000Z', retentionDays: 30 };
    expect(() => parseUsageExport({ ...base, entries: [{ coordinate: 'A.b', client: 'x', version: '1', day: '05/12/2026', count: 1 }] })).toThrow(
      'not a numbers-gateway-usage export version 1 (entries.0.day: expected YYYY-MM-DD)',
    );
    expect(() => parseUsageExport({ ...base, entries: [{ coordinate: 'A.b', client: 'x', version: '1', day: '2026-12-05', count: -1 }] })).toThrow(
      'not a numbers-gateway-usage export version 1 (entries.0.count: Too small: expected number to be >=0)',
    );
  });
});
