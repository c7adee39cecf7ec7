import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { ACQUIRE_EXAMPLE, DELETE_EXAMPLE, SAVE_EXAMPLE, UPDATE_SUBSCRIBER_EXAMPLE } from './docs-examples.js';
import { call, data, errorEnvelope, ISO_MS, TOKEN_B } from './helpers.js';
import type { NumberItem } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

const EMPTY_SUBSCRIBER = {
  first_name: null,
  name: null,
  address1: null,
  address2: null,
  address3: null,
  address4: null,
  postcode: null,
  pushed_at: null,
  status: 'unknown',
};

async function listed(): Promise<NumberItem[]> {
  return data<NumberItem[]>(sim, 'list');
}

async function info(id: number): Promise<NumberItem> {
  return data<NumberItem>(sim, 'info', { query: { id: String(id) } });
}

/** A seeded number of unit a matching the predicate. */
async function seeded(predicate: (item: NumberItem) => boolean): Promise<NumberItem> {
  const item = (await listed()).find(predicate);
  if (item === undefined) throw new Error('no seeded number matches');
  return item;
}

describe('numbers/save without id', () => {
  it('creates a number with defaults, a new highest id and created_at equal to updated_at', async () => {
    const before = await listed();
    const created = await data<NumberItem>(sim, 'save', { form: { number: '01632960001' } });
    expect(Object.keys(created)).toEqual(Object.keys(SAVE_EXAMPLE.data));
    expect(created).toEqual({
      id: expect.any(Number),
      number: '01632960001',
      context: 'incoming',
      created_at: expect.stringMatching(ISO_MS),
      updated_at: created.created_at,
      recording_enabled: true,
      caller_id_prefix: null,
      callerid_passthrough: true,
      forward_sip_to: null,
      aquisition: { acquired_at: null, subscriber: EMPTY_SUBSCRIBER },
      destination: null,
    });
    expect(created.id).toBeGreaterThan(Math.max(...before.map((item) => item.id)));
    expect(await listed()).toEqual([...before, created]);
    expect(await info(created.id)).toEqual(created);
  });

  it('applies context, destination, caller ID prefix and both flags given on creation', async () => {
    const created = await data<NumberItem>(sim, 'save', {
      form: {
        number: '01632960002',
        context: 'utility',
        destination_type: 'Menu',
        destination_id: '262',
        caller_id_prefix: 'Sales',
        recording_enabled: 'false',
        callerid_passthrough: '0',
      },
    });
    expect(created).toEqual({
      id: expect.any(Number),
      number: '01632960002',
      context: 'utility',
      created_at: expect.stringMatching(ISO_MS),
      updated_at: created.created_at,
      recording_enabled: false,
      caller_id_prefix: 'Sales',
      callerid_passthrough: false,
      forward_sip_to: null,
      aquisition: { acquired_at: null, subscriber: EMPTY_SUBSCRIBER },
      destination: { type: 'Menu', object: { id: 262, name: 'Main Menu' } },
    });
  });
});

describe('numbers/save with id', () => {
  it('changes only the fields sent and moves updated_at', async () => {
    const before = await seeded((item) => item.destination !== null);
    const saved = await data<NumberItem>(sim, 'save', {
      form: { id: String(before.id), recording_enabled: String(!before.recording_enabled) },
    });
    expect(saved).toEqual({ ...before, recording_enabled: !before.recording_enabled, updated_at: expect.stringMatching(ISO_MS) });
    expect(saved.updated_at > before.updated_at).toBe(true);
    expect(await info(before.id)).toEqual(saved);
  });

  it('sets a destination from the catalogue and clears it when both destination params are empty', async () => {
    const before = await seeded((item) => item.destination === null);
    const routed = await data<NumberItem>(sim, 'save', {
      form: { id: String(before.id), destination_type: 'Queue', destination_id: '311' },
    });
    expect(routed.destination).toEqual({ type: 'Queue', object: { id: 311, name: 'Support Queue' } });
    const cleared = await data<NumberItem>(sim, 'save', { form: { id: String(before.id), destination_type: '', destination_id: '' } });
    expect(cleared).toEqual({ ...before, updated_at: cleared.updated_at });
  });

  it('turns an empty caller_id_prefix into null and keeps a non-empty one', async () => {
    const before = await seeded((item) => item.caller_id_prefix === '');
    const named = await data<NumberItem>(sim, 'save', { form: { id: String(before.id), caller_id_prefix: 'Support' } });
    expect(named.caller_id_prefix).toBe('Support');
    const cleared = await data<NumberItem>(sim, 'save', { form: { id: String(before.id), caller_id_prefix: '' } });
    expect(cleared).toEqual({ ...before, caller_id_prefix: null, updated_at: cleared.updated_at });
  });

  it('moves only updated_at when no field is sent', async () => {
    const before = await seeded((item) => item.context === 'utility');
    const saved = await data<NumberItem>(sim, 'save', { form: { id: String(before.id) } });
    expect(saved).toEqual({ ...before, updated_at: expect.stringMatching(ISO_MS) });
    expect(saved.updated_at).not.toBe(before.updated_at);
  });
});

describe('numbers/acquire', () => {
  it('moves the number from its prefix pool into the unit, answering the documented shape without destination', async () => {
    const [number] = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01234' } });
    if (number === undefined) throw new Error('empty pool');
    const acquired = await data<NumberItem>(sim, 'acquire', { form: { number } });
    expect(Object.keys(acquired)).toEqual(Object.keys(ACQUIRE_EXAMPLE.data));
    expect(acquired).toEqual({
      id: expect.any(Number),
      number,
      context: 'incoming',
      created_at: expect.stringMatching(ISO_MS),
      updated_at: acquired.created_at,
      recording_enabled: true,
      caller_id_prefix: null,
      callerid_passthrough: true,
      forward_sip_to: null,
      aquisition: { acquired_at: acquired.created_at, subscriber: EMPTY_SUBSCRIBER },
    });
    expect(await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01234' } })).not.toContain(number);
    expect(await info(acquired.id)).toEqual({ ...acquired, destination: null });
    expect((await listed()).at(-1)).toEqual({ ...acquired, destination: null });
  });

  it('refuses a number that was already acquired, for this unit and any other', async () => {
    const [number] = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '0161' } });
    await data(sim, 'acquire', { form: { number: number ?? '' } });
    const again = await call(sim, 'acquire', { form: { number: number ?? '' } });
    expect(again).toMatchObject({ status: 400, body: errorEnvelope(`number ${number} is not available to acquire`) });
    const other = await call(sim, 'acquire', { token: TOKEN_B, form: { number: number ?? '' } });
    expect(other).toMatchObject({ status: 400, body: errorEnvelope(`number ${number} is not available to acquire`) });
  });
});

describe('numbers/update_subscriber', () => {
  it('sets the subscriber fields sent, moves status to validation_pending and answers under "data"', async () => {
    const before = await seeded((item) => item.aquisition.subscriber.status === 'validated');
    const response = await call(sim, 'update_subscriber', {
      form: {
        id: String(before.id),
        first_name: 'Alex',
        name: 'Telcom',
        address1: '24/26 Lever Street',
        address2: '',
        address3: '',
        address4: 'Manchester',
        postcode: 'M1 1DZ',
      },
    });
    const documented = UPDATE_SUBSCRIBER_EXAMPLE[' data'] as NumberItem;
    expect(Object.keys(response.body as object)).toEqual(['status', 'time', 'flags', 'data']);
    const updated = (response.body as { data: NumberItem }).data;
    expect(Object.keys(updated)).toEqual(Object.keys(documented));
    expect(updated).toEqual({
      ...before,
      updated_at: expect.stringMatching(ISO_MS),
      aquisition: { acquired_at: before.aquisition.acquired_at, subscriber: documented.aquisition.subscriber },
    });
    expect(await info(before.id)).toEqual(updated);
  });

  it('keeps the fields not sent and clears a field sent empty', async () => {
    const before = await seeded((item) => item.aquisition.subscriber.status === 'rejected');
    const updated = await data<NumberItem>(sim, 'update_subscriber', { form: { id: String(before.id), postcode: 'EH1 1AA', address1: '' } });
    expect(updated.aquisition.subscriber).toEqual({
      ...before.aquisition.subscriber,
      postcode: 'EH1 1AA',
      address1: null,
      pushed_at: null,
      status: 'validation_pending',
    });
  });
});

describe('numbers/delete', () => {
  it('answers data true, then the id is gone from info, list, save, update_subscriber and delete', async () => {
    const victim = await seeded((item) => item.forward_sip_to !== null);
    const response = await call(sim, 'delete', { form: { id: String(victim.id) } });
    expect(response.body).toEqual({ ...DELETE_EXAMPLE, time: expect.any(Number) });
    expect((await listed()).map((item) => item.id)).not.toContain(victim.id);
    const notFound = { status: 404, body: errorEnvelope(`number ${victim.id} not found`) };
    const id = String(victim.id);
    expect(await call(sim, 'info', { query: { id } })).toMatchObject(notFound);
    expect(await call(sim, 'save', { form: { id, recording_enabled: 'true' } })).toMatchObject(notFound);
    expect(await call(sim, 'update_subscriber', { form: { id, name: 'Ghost' } })).toMatchObject(notFound);
    expect(await call(sim, 'delete', { form: { id } })).toMatchObject(notFound);
  });

  it('frees the number so it can be saved again under a new id', async () => {
    const victim = await seeded((item) => item.context === 'incoming');
    await data(sim, 'delete', { form: { id: String(victim.id) } });
    const again = await data<NumberItem>(sim, 'save', { form: { number: victim.number } });
    expect(again.id).toBeGreaterThan(victim.id);
  });
});

describe('resetData', () => {
  it('restores every unit and pool to the seeded state', async () => {
    const fresh = await createSimulator();
    try {
      const seededList = await data<NumberItem[]>(fresh, 'list');
      const pool = await data<string[]>(fresh, 'acquirable_numbers', { query: { prefix: '020' } });
      await data(fresh, 'acquire', { form: { number: pool[0] ?? '' } });
      await data(fresh, 'delete', { form: { id: String(seededList[0]?.id) } });
      fresh.resetData();
      expect(await data<NumberItem[]>(fresh, 'list')).toEqual(seededList);
      expect(await data<string[]>(fresh, 'acquirable_numbers', { query: { prefix: '020' } })).toEqual(pool);
    } finally {
      await fresh.close();
    }
  });
});
