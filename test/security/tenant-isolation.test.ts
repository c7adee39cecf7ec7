import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pLimit from 'p-limit';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

/**
 * Requests in flight at once. Not 1,000: a thousand simultaneous connects overflow the listen
 * backlog (511) of a process this busy (the gateway, its upstream and the test share one event
 * loop), and on a loaded machine the kernel then resets some of them (ECONNRESET), which says
 * nothing about isolation. A client's connection pool bounds this the same way.
 */
const IN_FLIGHT = 100;

let stack: Stack;
const own: Record<string, { numbers: Set<string>; ids: Set<string> }> = {};

beforeAll(async () => {
  // The rate limit would refuse this burst from one IP; it has its own test. The upstream and
  // operation budgets are wall-clock limits, here far above what any call takes however busy
  // the machine is: an UPSTREAM_TIMEOUT under load would fail the test without any leak.
  stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0', UPSTREAM_TIMEOUT_MS: '60000', OPERATION_TIMEOUT_MS: '60000' } });
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
      return `{ ${ids
        .slice(0, 5)
        .map((id, k) => `n${k}: number(id: "${id}") { id number }`)
        .join(' ')} }`;
    case 2:
      // Asking for the other unit's ids must give null, never their data.
      return `{ ${foreign
        .slice(0, 3)
        .map((id, k) => `f${k}: number(id: "${id}") { id number }`)
        .join(' ')} accessNumbers { code } }`;
    default:
      return '{ numbers(first: 3) { nodes { number prefix { areaName } } } availablePrefixes(search: "Ab") { prefix } }';
  }
}

describe('tenant isolation under load', () => {
  // Its own timeout: a thousand operations take seconds on an idle machine and tens of seconds
  // on a loaded one; nothing here is timed.
  it(`answers 1,000 interleaved concurrent requests (${IN_FLIGHT} at a time) of two tenants with only their own data`, async () => {
    const requests = Array.from({ length: 1000 }, (_, i) => ({ i, token: i % 2 === 0 ? 'demo-token-a' : 'demo-token-b' }));
    const limit = pLimit(IN_FLIGHT);
    const results = await Promise.all(
      requests.map(({ i, token }) => limit(() => stack.gql(operationFor(Math.floor(i / 2), token), { token })).then((r) => ({ i, token, r }))),
    );
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
  }, 180_000);
});
