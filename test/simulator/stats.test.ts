import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator, SimulatorStats } from '../../src/simulator/index.js';
import { call, data, TOKEN_B } from './helpers.js';
import type { NumberItem } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetStats();
});

const EMPTY: SimulatorStats = { total: 0, byEndpoint: {}, byUnit: {}, calls: [] };

describe('call log', () => {
  it('starts empty', () => {
    expect(sim.stats()).toEqual(EMPTY);
  });

  it('records every REST v2 call with endpoint, method, unit, merged params, status and fault', async () => {
    await call(sim, 'list');
    await call(sim, 'info', { query: { id: '3401' }, form: { extra: 'x' } });
    await call(sim, 'info', { token: TOKEN_B, json: { id: 3401 } });
    await call(sim, 'available_prefixes', { token: null });
    await call(sim, 'acquirable_numbers', { token: TOKEN_B, query: { prefix: 'abc' } });
    expect(sim.stats()).toEqual({
      total: 5,
      byEndpoint: { list: 1, info: 2, available_prefixes: 1, acquirable_numbers: 1 },
      byUnit: { 'unit-a': { list: 1, info: 1 }, 'unit-b': { info: 1, acquirable_numbers: 1 } },
      calls: [
        { seq: 1, endpoint: 'list', method: 'GET', unit: 'unit-a', params: {}, status: 200, fault: null },
        { seq: 2, endpoint: 'info', method: 'POST', unit: 'unit-a', params: { id: '3401', extra: 'x' }, status: 200, fault: null },
        { seq: 3, endpoint: 'info', method: 'POST', unit: 'unit-b', params: { id: '3401' }, status: 404, fault: null },
        { seq: 4, endpoint: 'available_prefixes', method: 'GET', unit: null, params: {}, status: 401, fault: null },
        { seq: 5, endpoint: 'acquirable_numbers', method: 'GET', unit: 'unit-b', params: { prefix: 'abc' }, status: 400, fault: null },
      ],
    });
  });

  it('does not count unknown paths, the OpenAPI document or control endpoints', async () => {
    await fetch(`${sim.url}/api/v2/numbers/nope`);
    await fetch(`${sim.url}/api/v2/openapi.json`);
    await fetch(`${sim.url}/__simulator/stats`);
    await fetch(`${sim.url}/__simulator/faults`);
    expect(sim.stats()).toEqual(EMPTY);
  });

  it('hands out copies that callers cannot use to change the log', async () => {
    await call(sim, 'list');
    const snapshot = sim.stats();
    snapshot.calls.length = 0;
    snapshot.byEndpoint.list = 99;
    expect(sim.stats().calls).toHaveLength(1);
    expect(sim.stats().byEndpoint).toEqual({ list: 1 });
  });

  it('keeps only the newest calls beyond callLogLimit while counters keep counting', async () => {
    const small = await createSimulator({ callLogLimit: 2 });
    try {
      for (let i = 0; i < 4; i++) await call(small, 'available_access_numbers');
      const stats = small.stats();
      expect(stats.total).toBe(4);
      expect(stats.calls.map((entry) => entry.seq)).toEqual([3, 4]);
    } finally {
      await small.close();
    }
  });
});

describe('control endpoints', () => {
  it('serves the same stats at GET /__simulator/stats', async () => {
    await call(sim, 'list');
    const response = await fetch(`${sim.url}/__simulator/stats`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual(sim.stats());
  });

  it('resets stats only on POST /__simulator/reset, and data too with ?data=true', async () => {
    const created = await data<NumberItem>(sim, 'save', { form: { number: '01632960300' } });
    const reset = await fetch(`${sim.url}/__simulator/reset`, { method: 'POST' });
    expect(await reset.json()).toEqual({ status: 'success', time: expect.any(Number), flags: {}, data: { stats: true, data: false } });
    expect(sim.stats()).toEqual(EMPTY);
    expect((await call(sim, 'info', { query: { id: String(created.id) } })).status).toBe(200);

    const full = await fetch(`${sim.url}/__simulator/reset?data=true`, { method: 'POST' });
    expect(await full.json()).toMatchObject({ data: { stats: true, data: true } });
    expect((await call(sim, 'info', { query: { id: String(created.id) } })).status).toBe(404);
    expect(sim.stats().calls.map((entry) => entry.seq)).toEqual([1]);
  });

  it('answers 404 and 405 envelopes for unknown control paths and methods', async () => {
    const unknown = await fetch(`${sim.url}/__simulator/nope`);
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { status: 'error', time: expect.any(Number), flags: {}, message: 'unknown path /__simulator/nope' },
    ]);
    const wrong = await fetch(`${sim.url}/__simulator/reset`);
    expect([wrong.status, await wrong.json()]).toEqual([
      405,
      { status: 'error', time: expect.any(Number), flags: {}, message: 'method GET not allowed on /__simulator/reset' },
    ]);
  });
});
