import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';

let stack: Stack;
let numbersA: Set<string>;
let numbersB: Set<string>;

beforeAll(async () => {
  stack = await startStack();
  numbersA = new Set((await upstreamList(stack.simulator, 'demo-token-a')).map((n) => n.number));
  numbersB = new Set((await upstreamList(stack.simulator, 'demo-token-b')).map((n) => n.number));
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

describe('tenants', () => {
  it("gives each of 60 interleaved concurrent requests only its own unit's numbers", async () => {
    expect([...numbersA].some((n) => numbersB.has(n))).toBe(false);
    const tokens = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? 'demo-token-a' : 'demo-token-b'));
    const results = await Promise.all(
      tokens.map((token) => stack.gql<{ numbers: { nodes: Array<{ number: string }> } }>('{ numbers(first: 100) { nodes { number } } }', { token })),
    );
    results.forEach((result, i) => {
      const own = tokens[i] === 'demo-token-a' ? numbersA : numbersB;
      const other = tokens[i] === 'demo-token-a' ? numbersB : numbersA;
      const got = result.body.data!.numbers.nodes.map((n) => n.number);
      expect(new Set(got)).toEqual(own);
      expect(got.some((n) => other.has(n)) || [...other].some((n) => result.text.includes(n))).toBe(false);
    });
  });

  it('answers 401 UNAUTHENTICATED without calling the upstream when no token is sent', async () => {
    const { status, body } = await stack.gql('{ numbers { totalCount } accessNumbers { code } }', { token: null });
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls()).toEqual([]);
  });

  it('never forwards a malformed Authorization header', async () => {
    const { body } = await stack.gql('{ accessNumbers { code } }', { token: null, headers: { authorization: 'Bearer a b;x="1"' } });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.calls()).toEqual([]);
  });

  it('answers UNAUTHENTICATED when the upstream refuses the token, without echoing it', async () => {
    const { status, body, text } = await stack.gql('{ numbers { totalCount } }', { token: 'stolen-or-expired-token' });
    expect(status).toBe(401);
    expect(body).toEqual({
      errors: [
        {
          message: 'The numbers service did not accept your credential (expired, revoked or mistyped). Get a new token and send the request again.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(text).not.toContain('stolen-or-expired-token');
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.unit, c.status])).toEqual([['list', null, 401]]);
  });

  it('echoes a sane caller request id in the response header', async () => {
    const { headers } = await stack.gql('{ accessNumbers { code } }', {
      headers: { cookie: 'session=secret', 'x-request-id': 'req-123', 'x-forwarded-for': '10.0.0.1' },
    });
    expect(headers.get('x-request-id')).toBe('req-123');
    expect(headers.get('vary')).toBe('accept, accept-encoding, authorization');
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.unit])).toEqual([['available_access_numbers', 'unit-a']]);
  });

  it('accepts the bearer scheme in any case as the same credential', async () => {
    const { body } = await stack.gql('{ numbers(first: 1) { totalCount } }', { token: null, headers: { authorization: 'bearer demo-token-a' } });
    expect(body).toEqual({ data: { numbers: { totalCount: numbersA.size } } });
    expect(stack.simulator.stats().calls.map((c) => c.unit)).toEqual(['unit-a']);
  });
});
