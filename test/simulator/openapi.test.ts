import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { ENDPOINT_NAMES } from '../../src/simulator/handlers.js';

let sim: Simulator;
let document: { openapi: string; paths: Record<string, Record<string, unknown>> };
beforeAll(async () => {
  sim = await createSimulator();
  document = (await (await fetch(`${sim.url}/api/v2/openapi.json`)).json()) as typeof document;
});
afterAll(async () => {
  await sim.close();
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents GET and POST for each path', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const operations of Object.values(document.paths)) expect(Object.keys(operations)).toEqual(['get', 'post']);
  });

  it('documents exactly the routes the simulator serves', () => {
    expect(Object.keys(document.paths).sort()).toEqual(ENDPOINT_NAMES.map((name) => `/api/v2/numbers/${name}`).sort());
  });

  it('documents only paths that answer something other than an unknown-path 404', async () => {
    for (const path of Object.keys(document.paths)) {
      const response = await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer demo-token-a' } });
      const body = (await response.json()) as { message?: string };
      expect(body.message ?? '').not.toMatch(/^unknown path/);
    }
  });

  it('lists the documented parameters of numbers/save', () => {
    const save = document.paths['/api/v2/numbers/save']?.get as { parameters: { name: string }[] };
    expect(save.parameters.map((parameter) => parameter.name).sort()).toEqual(
      ['callerid_passthrough', 'caller_id_prefix', 'context', 'destination_id', 'destination_type', 'id', 'number', 'recording_enabled'].sort(),
    );
  });
});
