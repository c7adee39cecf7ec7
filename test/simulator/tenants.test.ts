import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { call, data, errorEnvelope, TOKEN_A, TOKEN_B } from './helpers.js';
import type { NumberItem } from './helpers.js';

let sim: Simulator;
let unitA: NumberItem[];
let unitB: NumberItem[];
beforeAll(async () => {
  sim = await createSimulator();
  unitA = await data<NumberItem[]>(sim, 'list', { token: TOKEN_A });
  unitB = await data<NumberItem[]>(sim, 'list', { token: TOKEN_B });
});
afterAll(async () => {
  await sim.close();
});

describe('tenant isolation', () => {
  it('gives the two demo units disjoint ids and numbers', () => {
    const idsA = new Set(unitA.map((item) => item.id));
    const numbersA = new Set(unitA.map((item) => item.number));
    expect(unitB.filter((item) => idsA.has(item.id) || numbersA.has(item.number))).toEqual([]);
    expect(unitA[0]?.id).toBe(3401);
    expect(unitB[0]?.id).toBe(5401);
  });

  it.each(['info', 'save', 'update_subscriber', 'delete'])('answers 404 from %s for the other unit’s id and changes nothing', async (endpoint) => {
    const foreign = unitB[1] as NumberItem;
    const response = await call(sim, endpoint, { token: TOKEN_A, form: { id: String(foreign.id), recording_enabled: 'true', name: 'Intruder' } });
    expect(response).toMatchObject({ status: 404, body: errorEnvelope(`number ${foreign.id} not found`) });
    expect(await data(sim, 'info', { token: TOKEN_B, query: { id: String(foreign.id) } })).toEqual(foreign);
  });

  it('rejects a destination from the other unit’s catalogue', async () => {
    const target = unitA[0] as NumberItem;
    const response = await call(sim, 'save', { token: TOKEN_A, form: { id: String(target.id), destination_type: 'Menu', destination_id: '1262' } });
    expect(response).toMatchObject({ status: 400, body: errorEnvelope('no Menu destination with id 1262 in this unit') });
    const own = await data<NumberItem>(sim, 'save', { token: TOKEN_B, form: { id: String(unitB[0]?.id), destination_type: 'Menu', destination_id: '1262' } });
    expect(own.destination).toEqual({ type: 'Menu', object: { id: 1262, name: 'Main Menu' } });
  });

  it('shows numbers created or acquired by one unit only in that unit’s list', async () => {
    const created = await data<NumberItem>(sim, 'save', { token: TOKEN_A, form: { number: '01632960200' } });
    const [stock] = await data<string[]>(sim, 'acquirable_numbers', { token: TOKEN_A, query: { prefix: '0113' } });
    const acquired = await data<NumberItem>(sim, 'acquire', { token: TOKEN_A, form: { number: stock ?? '' } });
    const listA = await data<NumberItem[]>(sim, 'list', { token: TOKEN_A });
    const listB = await data<NumberItem[]>(sim, 'list', { token: TOKEN_B });
    expect(listA.map((item) => item.id)).toEqual(expect.arrayContaining([created.id, acquired.id]));
    expect(listB.map((item) => item.id)).toEqual(unitB.map((item) => item.id));
  });

  it('refuses a number already held by the other unit', async () => {
    const held = unitA[2] as NumberItem;
    const response = await call(sim, 'save', { token: TOKEN_B, form: { number: held.number } });
    expect(response).toMatchObject({ status: 400, body: errorEnvelope(`number ${held.number} is already in use`) });
  });

  it('shares the provider pools: stock acquired by one unit disappears for the other', async () => {
    const before = await data<string[]>(sim, 'acquirable_numbers', { token: TOKEN_B, query: { prefix: '0114' } });
    await data(sim, 'acquire', { token: TOKEN_A, form: { number: before[0] ?? '' } });
    expect(await data<string[]>(sim, 'acquirable_numbers', { token: TOKEN_B, query: { prefix: '0114' } })).toEqual(before.slice(1));
  });
});
