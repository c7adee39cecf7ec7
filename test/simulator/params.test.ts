import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { data } from './helpers.js';
import type { NumberItem } from './helpers.js';

let sim: Simulator;
let first: NumberItem;
let second: NumberItem;
beforeAll(async () => {
  sim = await createSimulator();
  [first, second] = (await data<NumberItem[]>(sim, 'list')) as [NumberItem, NumberItem];
});
afterAll(async () => {
  await sim.close();
});

/** fetch refuses a body on GET; node:http does not, and neither does the upstream contract. */
function getWithBody(path: string, contentType: string, body: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${sim.url}${path}`,
      { method: 'GET', headers: { authorization: 'Bearer demo-token-a', 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('parameter transport', () => {
  it('reads parameters from the query string on GET and POST', async () => {
    expect(await data(sim, 'info', { query: { id: String(first.id) } })).toEqual(first);
    expect(await data(sim, 'info', { method: 'POST', query: { id: String(first.id) } })).toEqual(first);
  });

  it('reads parameters from a form-encoded body on POST, charset parameter included', async () => {
    expect(await data(sim, 'info', { form: { id: String(first.id) } })).toEqual(first);
    const response = await fetch(`${sim.url}/api/v2/numbers/info`, {
      method: 'POST',
      headers: { authorization: 'Bearer demo-token-a', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: `id=${first.id}`,
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual(first);
  });

  it('reads parameters from a JSON body on POST, numbers and booleans included', async () => {
    expect(await data(sim, 'info', { json: { id: first.id } })).toEqual(first);
    const saved = await data<NumberItem>(sim, 'save', { json: { id: second.id, recording_enabled: true, callerid_passthrough: false } });
    expect([saved.recording_enabled, saved.callerid_passthrough]).toEqual([true, false]);
  });

  it('reads form and JSON bodies sent on GET', async () => {
    // Each answer is checked against the documented envelope, not against the other answer: `time`
    // is the measured processing time of each call (0 on one, 0.001 on the next when the machine
    // is busy), so two whole envelopes are only equal by luck.
    const expected = { status: 200, body: { status: 'success', time: expect.any(Number), flags: {}, data: first } };
    const form = await getWithBody('/api/v2/numbers/info', 'application/x-www-form-urlencoded', `id=${first.id}`);
    expect(form).toEqual(expected);
    const json = await getWithBody('/api/v2/numbers/info', 'application/json', JSON.stringify({ id: String(first.id) }));
    expect(json).toEqual(expected);
  });

  it('lets the body override the query string', async () => {
    expect(await data(sim, 'info', { query: { id: String(first.id) }, form: { id: String(second.id) } })).toEqual(
      await data(sim, 'info', { query: { id: String(second.id) } }),
    );
  });

  it('accepts true, false, 1 and 0 as booleans, and JSON null as an empty value', async () => {
    const cases: [string, boolean][] = [
      ['true', true],
      ['0', false],
      ['1', true],
      ['false', false],
    ];
    for (const [text, expected] of cases) {
      const saved = await data<NumberItem>(sim, 'save', { form: { id: String(second.id), recording_enabled: text } });
      expect(saved.recording_enabled).toBe(expected);
    }
    const cleared = await data<NumberItem>(sim, 'save', { json: { id: second.id, caller_id_prefix: null } });
    expect(cleared.caller_id_prefix).toBeNull();
  });

  it('ignores parameters the endpoint does not define', async () => {
    expect(await data(sim, 'info', { query: { id: String(first.id), verbose: '1', forward_sip_to: 'sip:x@y' } })).toEqual(first);
  });
});
