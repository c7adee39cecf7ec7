import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { planJsonSchema, PLAN_SCHEMA_FILE } from '../../src/plan/json-schema.js';
import { planSchema } from '../../src/plan/shape.js';

describe('the documented shape of extensions.plan', () => {
  it('is committed as docs/plan.schema.json, generated from src/plan/shape.ts (npm run plan:schema)', () => {
    expect(readFileSync(PLAN_SCHEMA_FILE, 'utf8')).toBe(planJsonSchema());
  });

  it('refuses a plan with a field it does not document, such as a header', () => {
    const plan = { version: 1, mode: 'trace', estimated: 1, actual: 1, calls: [], reads: [], batches: [] };
    expect(planSchema.safeParse(plan).success).toBe(true);
    expect(planSchema.safeParse({ ...plan, headers: { authorization: 'x' } }).success).toBe(false);
    const call = { endpoint: 'info', method: 'GET', params: { id: '7' }, cacheable: false };
    expect(planSchema.safeParse({ ...plan, calls: [call] }).success).toBe(true);
    expect(planSchema.safeParse({ ...plan, calls: [{ ...call, params: { id: '7', token: 'x' } }] }).success).toBe(false);
  });
});
