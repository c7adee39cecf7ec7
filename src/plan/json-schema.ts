import { z } from 'zod';
import { planSchema } from './shape.js';

/** Where the JSON schema of `extensions.plan` is committed, for tools that read plans. */
export const PLAN_SCHEMA_FILE = new URL('../../docs/plan.schema.json', import.meta.url);

/** The JSON schema (draft 2020-12) of `extensions.plan`, as committed in docs/plan.schema.json. */
export function planJsonSchema(): string {
  const schema = {
    ...z.toJSONSchema(planSchema, { target: 'draft-2020-12' }),
    $id: 'https://numbers-gateway.local/plan.schema.json',
    title: 'extensions.plan',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
