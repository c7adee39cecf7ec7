import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

let stack: Stack;
const own: Record<string, { numbers: Set<string>; ids: Set<string> }> = {};

beforeAll(async () => {
  // The rate limit would refuse this burst from one IP; it has its own test.
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  for (const token of ['demo-token-a', 'demo-token-b']) {
    const unit = await upstreamList(stack.simulator, token);
    own[token] = { numbers: new Set(unit.map((n) => n.number)), ids: new Set(unit.map((n) => String(n.id))) };
  }
});
afterAll(() => stack.close());

/** Operation shapes that touch every per-tenant path: list, batch by id, reference data. */
function operationFor(i: number, token: string): string {
  const ids = [...own[token]!.ids];
  const foreign = [...own[token === 'demo-token-a' ? 'demo-token-b' : 'demo-token-a']!.ids];
  switch (i % 4) {
    case 0:
      return '{ numbers(first: 100) { nodes { id number subscriber { name } } } }';
    case 1:
      return `{ ${ids.slice(0, 5).map((id, k) => `n${k}: number(id: "${id}") { id number }`).join(' ')} }`;
    case 2:
      // Asking for the other unit's ids must give null, never their data.
      return `{ ${foreign.slice(0, 3).map((id, k) => `f${k}: number(id: "${id}") { id number }`).join(' ')} accessNumbers { code } }`;
    default:
      return '{ numbers(first: 3) { nodes { number prefix { areaName } } } availablePrefixes(search: "Ab") { prefix } }';
  }
}

describe('tenant isolation under load', () => {
  it('answers 1,000 interleaved concurrent requests of two tenants with only their own data', async () => {
    const requests = Array.from({ length: 1000 }, (_, i) => ({ i, token: i % 2 === 0 ? 'demo-token-a' : 'demo-token-b' }));
    const results = await Promise.all(requests.map(({ i, token }) => stack.gql(operationFor(Math.floor(i / 2), token), { token }).then((r) => ({ i, token, r }))));
    let leaks = 0;
    for (const { i, token, r } of results) {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      const other = own[token === 'demo-token-a' ? 'demo-token-b' : 'demo-token-a']!;
      const leaked = [...other.numbers].some((n) => r.text.includes(n));
      if (leaked) leaks += 1;
      if (Math.floor(i / 2) % 4 === 2) expect(Object.values(r.body.data ?? {}).filter((v) => v === null)).toHaveLength(3);
    }
    expect(leaks).toBe(0);
  });
});
