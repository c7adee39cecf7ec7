/**
 * Writes docs/plan.schema.json, the JSON schema of `extensions.plan`, from its one definition in
 * src/plan/shape.ts. test/plan/plan-schema.test.ts fails while the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { planJsonSchema, PLAN_SCHEMA_FILE } from '../src/plan/json-schema.js';

writeFileSync(PLAN_SCHEMA_FILE, planJsonSchema());
console.log(`wrote ${PLAN_SCHEMA_FILE.pathname}`);
