import { createHash } from 'node:crypto';
import { tenantKeyOf } from '../../src/security/credentials.js';
import { planSchema, type Plan } from '../../src/plan/shape.js';
import type { GraphQLResult } from '../helpers/stack.js';

/**
 * Every plan a test receives goes through `planOf`: it must have the documented shape
 * (src/plan/shape.ts, the source of docs/plan.schema.json) and hold no trace of a credential.
 * The tokens searched for are every token the simulator knows, their hashes and the header's
 * scheme, so a plan that ever echoed a header, a token or the tenant key fails the test that got it.
 */
const TOKENS = ['demo-token-a', 'demo-token-b'];

export const FORBIDDEN: readonly string[] = [
  ...TOKENS,
  ...TOKENS.map((token) => tenantKeyOf(`Bearer ${token}`)),
  ...TOKENS.map((token) => createHash('sha256').update(token).digest('hex')),
  'Bearer',
  'authorization',
];

/** All plans seen by this test file, for a last look in afterAll. */
export const seenPlans: Plan[] = [];

export function credentialsIn(plan: unknown): string[] {
  const text = JSON.stringify(plan).toLowerCase();
  return FORBIDDEN.filter((secret) => text.includes(secret.toLowerCase()));
}

/** The response's `extensions.plan`, checked against the schema and for credentials. */
export function planOf(result: Pick<GraphQLResult, 'body'>): Plan {
  const raw = result.body.extensions?.plan;
  if (raw === undefined) throw new Error(`the response has no extensions.plan: ${JSON.stringify(result.body).slice(0, 300)}`);
  const plan = planSchema.parse(raw);
  const leaked = credentialsIn(raw);
  if (leaked.length > 0) throw new Error(`a plan holds a credential (${leaked.length} match(es))`);
  seenPlans.push(plan);
  return plan;
}

/** Endpoints of a plan's calls, each `upTo` entry counted once. */
export const endpointsOf = (plan: Plan): string[] => plan.calls.map((call) => call.endpoint);
