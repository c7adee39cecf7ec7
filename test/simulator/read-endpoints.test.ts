import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { ACCESS_NUMBERS_EXAMPLE, ACQUIRABLE_EXAMPLE, INFO_EXAMPLE, LIST_EXAMPLE, PREFIXES_EXAMPLE } from './docs-examples.js';
import { call, data, ISO_MS } from './helpers.js';
import type { NumberItem } from './helpers.js';
import { keyPaths, shapeOf } from './shape.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

const docsItem = LIST_EXAMPLE.data[0];
const SUBSCRIBER_STATUSES = ['unknown', 'validation_pending', 'validated', 'rejected'];

/** Every item follows the documented key order; nullable fields are string-or-null etc. */
function expectDocumentedItem(item: NumberItem): void {
  expect(keyPaths(item).filter((path) => !path.startsWith('destination.'))).toEqual(keyPaths(docsItem).filter((path) => !path.startsWith('destination.')));
  expect(item.created_at).toMatch(ISO_MS);
  expect(item.updated_at).toMatch(ISO_MS);
  expect(item.updated_at >= item.created_at).toBe(true);
  expect(['incoming', 'utility']).toContain(item.context);
  expect(item.number).toMatch(/^0[1-9]\d{9}$/);
  expect(['string', 'object']).toContain(typeof item.caller_id_prefix);
  if (item.forward_sip_to !== null) expect(item.forward_sip_to).toMatch(/^sip:/);
  if (item.aquisition.acquired_at !== null) expect(item.aquisition.acquired_at).toMatch(ISO_MS);
  expect(SUBSCRIBER_STATUSES).toContain(item.aquisition.subscriber.status);
  if (item.destination !== null) expect(shapeOf(item.destination)).toEqual(shapeOf(docsItem?.destination));
}

describe('numbers/list', () => {
  it('answers the documented envelope with the unit numbers ordered by id', async () => {
    const response = await call(sim, 'list');
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json; charset=utf-8');
    const body = response.body as { data: NumberItem[] };
    expect(Object.keys(body)).toEqual(Object.keys(LIST_EXAMPLE));
    expect(body).toEqual({ status: 'success', time: expect.any(Number), flags: {}, data: expect.any(Array) });
    const ids = body.data.map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(body.data).toHaveLength(30);
  });

  it('gives every item the documented fields in the documented order and types', async () => {
    const items = await data<NumberItem[]>(sim, 'list');
    for (const item of items) expectDocumentedItem(item);
    const likeTheDocs = items.find(
      (item) => item.destination !== null && item.caller_id_prefix === '' && item.forward_sip_to === null && item.aquisition.acquired_at !== null,
    );
    expect(shapeOf(likeTheDocs)).toEqual(shapeOf(docsItem));
  });
});

describe('numbers/info', () => {
  it('answers the same item as the list, in the documented shape', async () => {
    const [first] = await data<NumberItem[]>(sim, 'list');
    const response = await call(sim, 'info', { query: { id: String(first?.id) } });
    expect(Object.keys(response.body as object)).toEqual(Object.keys(INFO_EXAMPLE));
    expect(response.body).toEqual({ status: 'success', time: expect.any(Number), flags: {}, data: first });
    expectDocumentedItem((response.body as { data: NumberItem }).data);
  });
});

describe('numbers/available_prefixes', () => {
  it('lists at least 100 real area codes as {description, prefix}, sorted by description', async () => {
    const prefixes = await data<{ description: string; prefix: string }[]>(sim, 'available_prefixes');
    expect(prefixes.length).toBeGreaterThanOrEqual(100);
    for (const entry of prefixes) {
      expect(Object.keys(entry)).toEqual(Object.keys(PREFIXES_EXAMPLE.data[0] ?? {}));
      expect(entry.prefix).toMatch(/^0\d{2,5}$/);
      expect(entry.description).toMatch(new RegExp(`^[A-Z][A-Za-z' -]+ \\(${entry.prefix}\\)$`));
    }
    const descriptions = prefixes.map((entry) => entry.description);
    expect(descriptions).toEqual([...descriptions].sort());
    expect(prefixes.slice(0, 4)).toEqual(PREFIXES_EXAMPLE.data);
  });

  it('mixes 3-, 4-, 5- and 6-digit codes such as London, Birmingham, Aberdeen and Langholm', async () => {
    const prefixes = await data<{ description: string; prefix: string }[]>(sim, 'available_prefixes');
    expect(new Set(prefixes.map((entry) => entry.prefix.length))).toEqual(new Set([3, 4, 5, 6]));
    expect(prefixes).toEqual(
      expect.arrayContaining([
        { description: 'London (020)', prefix: '020' },
        { description: 'Birmingham (0121)', prefix: '0121' },
        { description: 'Aberdeen (01224)', prefix: '01224' },
        { description: 'Langholm (013873)', prefix: '013873' },
      ]),
    );
  });
});

describe('numbers/acquirable_numbers', () => {
  it('lists 10 to 20 valid 11-digit numbers under the prefix, like the docs example', async () => {
    const numbers = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01224' } });
    expect(shapeOf(numbers.slice(0, ACQUIRABLE_EXAMPLE.data.length))).toEqual(shapeOf(ACQUIRABLE_EXAMPLE.data));
    expect(numbers.length).toBeGreaterThanOrEqual(10);
    expect(numbers.length).toBeLessThanOrEqual(20);
    for (const number of numbers) expect(number).toMatch(/^01224[2-9]\d{5}$/);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('keeps numbers of a 5-digit prefix out of a 6-digit code inside it', async () => {
    const dumfries = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01387' } });
    expect(dumfries.filter((number) => number.startsWith('013873'))).toEqual([]);
    const langholm = await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '013873' } });
    for (const number of langholm) expect(number).toMatch(/^013873\d{5}$/);
  });

  it('answers an empty list for a well-formed prefix that is not available', async () => {
    expect(await data<string[]>(sim, 'acquirable_numbers', { query: { prefix: '01999' } })).toEqual([]);
  });
});

describe('numbers/available_access_numbers', () => {
  it('answers exactly the documented access numbers', async () => {
    const response = await call(sim, 'available_access_numbers');
    expect(Object.keys(response.body as object)).toEqual(Object.keys(ACCESS_NUMBERS_EXAMPLE));
    expect((response.body as { data: unknown }).data).toEqual(ACCESS_NUMBERS_EXAMPLE.data);
  });
});
