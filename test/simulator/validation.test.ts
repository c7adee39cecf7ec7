import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { call, data, errorEnvelope } from './helpers.js';
import type { ApiRequest, NumberItem } from './helpers.js';

let sim: Simulator;
let items: NumberItem[];
let first: NumberItem;
beforeAll(async () => {
  sim = await createSimulator();
  items = await data<NumberItem[]>(sim, 'list');
  first = items[0] as NumberItem;
});
afterAll(async () => {
  await sim.close();
});

/** Requests and messages are thunks: they may refer to the seeded `first` number, known after beforeAll. */
type Case = [description: string, endpoint: string, request: () => ApiRequest, message: string | (() => string)];

const VALIDATION_CASES: Case[] = [
  ['info without id', 'info', () => ({}), 'id is required'],
  ['info with a non-numeric id', 'info', () => ({ query: { id: 'abc' } }), 'id must be a positive integer'],
  ['info with id 0', 'info', () => ({ query: { id: '0' } }), 'id must be a positive integer'],
  ['info with a negative id', 'info', () => ({ query: { id: '-3' } }), 'id must be a positive integer'],
  ['info with a fractional id', 'info', () => ({ query: { id: '1.5' } }), 'id must be a positive integer'],
  ['save creating without number', 'save', () => ({ form: { context: 'incoming' } }), 'number is required'],
  ['save creating a short number', 'save', () => ({ form: { number: '12345' } }), 'number must be an 11-digit UK number starting with 0'],
  ['save creating an international number', 'save', () => ({ form: { number: '+441224000000' } }), 'number must be an 11-digit UK number starting with 0'],
  ['save creating with an unknown context', 'save', () => ({ form: { number: '01632960100', context: 'outgoing' } }), 'context must be incoming or utility'],
  ['save creating a number already in the unit', 'save', () => ({ form: { number: first.number } }), () => `number ${first.number} is already in use`],
  [
    'save creating with a non-boolean recording_enabled',
    'save',
    () => ({ form: { number: '01632960101', recording_enabled: 'yes' } }),
    'recording_enabled must be a boolean (true, false, 1 or 0)',
  ],
  [
    'save with a non-boolean callerid_passthrough',
    'save',
    () => ({ form: { id: String(first.id), callerid_passthrough: '2' } }),
    'callerid_passthrough must be a boolean (true, false, 1 or 0)',
  ],
  [
    'save with destination_type only',
    'save',
    () => ({ form: { id: String(first.id), destination_type: 'Menu' } }),
    'destination_type and destination_id must be given together',
  ],
  [
    'save with destination_id only',
    'save',
    () => ({ form: { id: String(first.id), destination_id: '262' } }),
    'destination_type and destination_id must be given together',
  ],
  [
    'save with an unknown destination type',
    'save',
    () => ({ form: { id: String(first.id), destination_type: 'Fax', destination_id: '262' } }),
    'no Fax destination with id 262 in this unit',
  ],
  [
    'save with a destination id of the wrong type',
    'save',
    () => ({ form: { id: String(first.id), destination_type: 'Queue', destination_id: '262' } }),
    'no Queue destination with id 262 in this unit',
  ],
  [
    'save with a non-numeric destination_id',
    'save',
    () => ({ form: { id: String(first.id), destination_type: 'Menu', destination_id: 'main' } }),
    'destination_id must be a positive integer',
  ],
  [
    'save with an over-long caller_id_prefix',
    'save',
    () => ({ form: { id: String(first.id), caller_id_prefix: 'x'.repeat(33) } }),
    'caller_id_prefix must be at most 32 characters',
  ],
  ['save updating the number', 'save', () => ({ form: { id: String(first.id), number: '01632960102' } }), 'number can only be set when creating a number'],
  ['save updating the context', 'save', () => ({ form: { id: String(first.id), context: 'utility' } }), 'context can only be set when creating a number'],
  ['save with a malformed id', 'save', () => ({ form: { id: 'x1' } }), 'id must be a positive integer'],
  ['acquire without number', 'acquire', () => ({ form: {} }), 'number is required'],
  ['acquire with a malformed number', 'acquire', () => ({ form: { number: '0123' } }), 'number must be an 11-digit UK number starting with 0'],
  ['acquire of a number in no pool', 'acquire', () => ({ form: { number: '01632960103' } }), 'number 01632960103 is not available to acquire'],
  [
    'acquire of a number the unit already holds',
    'acquire',
    () => ({ form: { number: first.number } }),
    () => `number ${first.number} is not available to acquire`,
  ],
  ['acquirable_numbers without prefix', 'acquirable_numbers', () => ({}), 'prefix is required'],
  ['acquirable_numbers with letters', 'acquirable_numbers', () => ({ query: { prefix: 'abc' } }), 'prefix must be 3 to 6 digits starting with 0'],
  ['acquirable_numbers with a 7-digit prefix', 'acquirable_numbers', () => ({ query: { prefix: '0122412' } }), 'prefix must be 3 to 6 digits starting with 0'],
  ['update_subscriber without id', 'update_subscriber', () => ({ form: { name: 'Telcom' } }), 'id is required'],
  [
    'update_subscriber with an over-long name',
    'update_subscriber',
    () => ({ form: { id: String(first.id), name: 'n'.repeat(101) } }),
    'name must be at most 100 characters',
  ],
  ['delete without id', 'delete', () => ({ form: {} }), 'id is required'],
];

describe('validation errors', () => {
  it.each(VALIDATION_CASES)('answers 400 with a message for %s', async (_description, endpoint, request, message) => {
    const response = await call(sim, endpoint, request());
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorEnvelope(typeof message === 'string' ? message : message()));
  });

  it('answers 400 for saving a number that is provider stock, pointing at acquire', async () => {
    const [stock] = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01224' } });
    const response = await call(sim, 'save', { form: { number: stock ?? '' } });
    expect(response).toMatchObject({ status: 400, body: errorEnvelope(`number ${stock} is provider stock; use numbers/acquire to purchase it`) });
  });

  it('leaves the number untouched when any parameter of an update is invalid', async () => {
    const before = await data<NumberItem>(sim, 'info', { query: { id: String(first.id) } });
    await call(sim, 'save', {
      form: { id: String(first.id), recording_enabled: String(!before.recording_enabled), destination_type: 'Fax', destination_id: '1' },
    });
    expect(await data<NumberItem>(sim, 'info', { query: { id: String(first.id) } })).toEqual(before);
  });

  it.each(['info', 'save', 'update_subscriber', 'delete'])('answers 404 from %s for an id the unit never had', async (endpoint) => {
    const response = await call(sim, endpoint, { form: { id: '999999' } });
    expect(response).toMatchObject({ status: 404, body: errorEnvelope('number 999999 not found') });
  });
});

describe('authentication', () => {
  const ENDPOINTS = ['list', 'info', 'save', 'available_prefixes', 'acquirable_numbers', 'acquire', 'update_subscriber', 'delete', 'available_access_numbers'];

  it.each(ENDPOINTS)('answers 401 from %s without a bearer token', async (endpoint) => {
    const response = await call(sim, endpoint, { token: null });
    expect(response).toMatchObject({ status: 401, body: errorEnvelope('missing or unknown bearer token') });
  });

  it('answers 401 for an unknown token and for a non-bearer scheme', async () => {
    expect(await call(sim, 'list', { token: 'demo-token-z' })).toMatchObject({ status: 401, body: errorEnvelope('missing or unknown bearer token') });
    const basic = await call(sim, 'list', { token: null, headers: { authorization: 'Basic ZGVtbzpkZW1v' } });
    expect(basic).toMatchObject({ status: 401, body: errorEnvelope('missing or unknown bearer token') });
  });

  it('accepts the bearer scheme in any case', async () => {
    const response = await call(sim, 'list', { token: null, headers: { authorization: 'bearer demo-token-a' } });
    expect(response.status).toBe(200);
  });
});

describe('malformed requests', () => {
  it.each(['/api/v2/numbers/purchase', '/api/v2/numbers/', '/api/v2/numbers/list/extra', '/', '/api/v3/numbers/list'])(
    'answers a 404 envelope for the unknown path %s',
    async (path) => {
      const response = await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer demo-token-a' } });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(errorEnvelope(`unknown path ${path}`));
    },
  );

  it('answers 405 with an Allow header for methods other than GET and POST', async () => {
    const response = await fetch(`${sim.url}/api/v2/numbers/list`, { method: 'PUT', headers: { authorization: 'Bearer demo-token-a' } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.json()).toEqual(errorEnvelope('method PUT not allowed; use GET or POST'));
  });

  it('answers 400 for a malformed JSON body', async () => {
    expect(await call(sim, 'save', { json: '{"number": "0163' })).toMatchObject({ status: 400, body: errorEnvelope('malformed JSON body') });
  });

  it('answers 400 for a JSON body that is not an object or holds a nested value', async () => {
    expect(await call(sim, 'info', { json: '[1]' })).toMatchObject({ status: 400, body: errorEnvelope('JSON body must be an object') });
    const nested = await call(sim, 'info', { json: { id: { $gt: 1 } } });
    expect(nested).toMatchObject({ status: 400, body: errorEnvelope('id must be a string, number, boolean or null') });
  });

  it('answers 413 for a body over 64 KB and keeps serving', async () => {
    const response = await call(sim, 'save', { form: { number: '01632960104', caller_id_prefix: 'x'.repeat(70 * 1024) } });
    expect(response).toMatchObject({ status: 413, body: errorEnvelope('request body too large') });
    expect((await call(sim, 'list')).status).toBe(200);
  });

  it('answers 415 for a body in an unsupported content type, but ignores the type of an empty body', async () => {
    const empty = await call(sim, 'info', { headers: { 'content-type': 'text/plain' }, method: 'POST', query: { id: String(first.id) } });
    expect(empty.status).toBe(200);
    const typed = await fetch(`${sim.url}/api/v2/numbers/info`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-a', 'content-type': 'text/plain' },
      body: `id=${first.id}`,
    });
    expect(typed.status).toBe(415);
    expect(await typed.json()).toEqual(errorEnvelope(/^unsupported content type text\/plain/));
  });

  it('treats a parameter named __proto__ as an ordinary parameter', async () => {
    const response = await call(sim, 'info', { json: `{"__proto__": "x", "id": ${first.id}}` });
    expect(response.status).toBe(200);
  });
});
