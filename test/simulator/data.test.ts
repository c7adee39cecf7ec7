import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { data, TOKEN_A, TOKEN_B } from './helpers.js';
import type { NumberItem } from './helpers.js';

let sim: Simulator;
let unitA: NumberItem[];
let unitB: NumberItem[];
let prefixes: string[];
beforeAll(async () => {
  sim = await createSimulator();
  unitA = await data<NumberItem[]>(sim, 'list', { token: TOKEN_A });
  unitB = await data<NumberItem[]>(sim, 'list', { token: TOKEN_B });
  prefixes = (await data<{ prefix: string }[]>(sim, 'available_prefixes')).map((entry) => entry.prefix);
});
afterAll(async () => {
  await sim.close();
});

function longestPrefix(number: string): string | null {
  const matches = prefixes.filter((prefix) => number.startsWith(prefix));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

describe('seed data', () => {
  it('is identical on every start', async () => {
    const twin = await createSimulator();
    try {
      expect(await data(twin, 'list', { token: TOKEN_A })).toEqual(unitA);
      expect(await data(twin, 'list', { token: TOKEN_B })).toEqual(unitB);
      for (const prefix of ['020', '01224', '013873']) {
        expect(await data(twin, 'acquirable_numbers', { query: { prefix } })).toEqual(await data(sim, 'acquirable_numbers', { query: { prefix } }));
      }
    } finally {
      await twin.close();
    }
  });

  it.each([
    ['unit a', () => unitA],
    ['unit b', () => unitB],
  ])('gives %s at least 25 varied numbers', (_unit, items) => {
    const numbers = items();
    expect(numbers.length).toBeGreaterThanOrEqual(25);
    expect(new Set(numbers.map((item) => item.context))).toEqual(new Set(['incoming', 'utility']));
    expect(new Set(numbers.map((item) => item.aquisition.subscriber.status))).toEqual(new Set(['unknown', 'validation_pending', 'validated', 'rejected']));
    expect(numbers.some((item) => item.aquisition.subscriber.name !== null)).toBe(true);
    expect(numbers.some((item) => item.aquisition.subscriber.name === null)).toBe(true);
    expect(numbers.some((item) => item.destination === null)).toBe(true);
    expect(new Set(numbers.map((item) => item.destination?.type).filter(Boolean)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(numbers.map((item) => (item.caller_id_prefix === null ? 'null' : item.caller_id_prefix === '' ? 'empty' : 'text')))).toEqual(
      new Set(['null', 'empty', 'text']),
    );
    expect(numbers.some((item) => item.forward_sip_to !== null)).toBe(true);
  });

  it('makes most numbers geographic under an available prefix and some non-geographic', () => {
    const all = [...unitA, ...unitB];
    const geographic = all.filter((item) => longestPrefix(item.number) !== null);
    const other = all.filter((item) => longestPrefix(item.number) === null);
    expect(geographic.length).toBeGreaterThan(all.length / 2);
    expect(other.length).toBeGreaterThan(0);
    for (const item of other) expect(item.number).toMatch(/^0(330|800)\d{7}$/);
  });

  it('never offers a number some unit already holds', async () => {
    const held = new Set([...unitA, ...unitB].map((item) => item.number));
    for (const prefix of prefixes.slice(0, 40)) {
      const pool = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix } });
      expect(pool.filter((number) => held.has(number))).toEqual([]);
      for (const number of pool) expect(longestPrefix(number)).toBe(prefix);
    }
  });

  it('dates seeded numbers between 2015 and 2024 with whole seconds, acquired before created', () => {
    for (const item of [...unitA, ...unitB]) {
      for (const stamp of [item.created_at, item.updated_at, item.aquisition.acquired_at ?? '']) {
        expect(stamp).toMatch(/^20(1[5-9]|2[0-4])-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      }
      expect((item.aquisition.acquired_at ?? '') < item.created_at).toBe(true);
    }
  });
});

describe('sizing', () => {
  it('seeds numbersPerUnit numbers per unit, 5,000 included, with unique ids and numbers', async () => {
    const big = await createSimulator({ numbersPerUnit: 5000, units: [{ id: 'bench', token: 'bench-token' }] });
    try {
      const items = await data<NumberItem[]>(big, 'list', { token: 'bench-token' });
      expect(items).toHaveLength(5000);
      expect(new Set(items.map((item) => item.id)).size).toBe(5000);
      expect(new Set(items.map((item) => item.number)).size).toBe(5000);
    } finally {
      await big.close();
    }
  });

  it('lets a unit override the per-unit count', async () => {
    const mixed = await createSimulator({
      numbersPerUnit: 2,
      units: [
        { id: 'x', token: 'tx', numbers: 7 },
        { id: 'y', token: 'ty' },
      ],
    });
    try {
      expect(await data<NumberItem[]>(mixed, 'list', { token: 'tx' })).toHaveLength(7);
      expect(await data<NumberItem[]>(mixed, 'list', { token: 'ty' })).toHaveLength(2);
    } finally {
      await mixed.close();
    }
  });

  it('rejects invalid sizes and duplicate units up front', async () => {
    await expect(createSimulator({ numbersPerUnit: -1 })).rejects.toThrow('numbers per unit must be an integer from 0 to 100000');
    await expect(
      createSimulator({
        units: [
          { id: 'a', token: 't' },
          { id: 'a', token: 'u' },
        ],
      }),
    ).rejects.toThrow('unit ids must be unique');
    await expect(
      createSimulator({
        units: [
          { id: 'a', token: 't' },
          { id: 'b', token: 't' },
        ],
      }),
    ).rejects.toThrow('unit tokens must be unique');
  });
});
