import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

/** A credential the upstream refuses: one 401 token-refresh code can act on, remembered briefly. */

const CHALLENGE = 'Bearer error="invalid_token"';
const REFUSED = 'The numbers service did not accept your credential (expired, revoked or mistyped). Get a new token and send the request again.';
const REMEMBERED = 'The numbers service refused this credential less than 30 s ago; nothing was run or changed. Get a new token and send the request again.';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

describe('a credential the upstream refuses', () => {
  it('is HTTP 401 with an invalid_token challenge and one UNAUTHENTICATED error, however many fields asked', async () => {
    const { status, headers, body, cost } = await stack.gql('{ numbers(first: 1) { totalCount } accessNumbers { code } }', { token: 'nope-token' });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe(CHALLENGE);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toEqual({ errors: [{ message: REFUSED, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(cost).toEqual({ estimated: 2, actual: 2, limit: 25 });
    expect(stack.calls().sort()).toEqual(['available_access_numbers', 'list']);
  });

  it('is answered again without any upstream call while it is remembered, whatever the operation', async () => {
    for (const query of [
      '{ numbers(first: 1) { totalCount } accessNumbers { code } }',
      '{ availablePrefixes { prefix } }',
      'mutation { deleteNumber(input: { id: "3401" }) { deletedId } }',
    ]) {
      const { status, headers, body, cost } = await stack.gql(query, { token: 'nope-token' });
      expect([status, headers.get('www-authenticate'), headers.get('cache-control')]).toEqual([401, CHALLENGE, 'no-store']);
      expect(body).toEqual({ errors: [{ message: REMEMBERED, extensions: { code: 'UNAUTHENTICATED' } }] });
      expect(cost).toEqual({ estimated: 0, actual: 0, limit: 25 });
    }
    // The scheme's case does not make it another credential.
    const lower = await stack.gql('{ accessNumbers { code } }', { token: null, headers: { authorization: 'bearer nope-token' } });
    expect(lower.status).toBe(401);
    expect(stack.calls()).toEqual([]);
  });

  it('says a refused mutation changed nothing', async () => {
    const { status, body } = await stack.gql('mutation { deleteNumber(input: { id: "3401" }) { deletedId userErrors { code } } }', { token: 'revoked-token' });
    expect(status).toBe(401);
    expect(body).toEqual({
      errors: [
        {
          message:
            'The numbers service did not accept your credential (expired, revoked or mistyped). Nothing was changed. Get a new token and send the request again.',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
    expect(stack.calls()).toEqual(['delete']);
  });

  it('does not touch other credentials', async () => {
    const { status, body } = await stack.gql('{ numbers(first: 1) { totalCount } }');
    expect([status, body]).toEqual([200, { data: { numbers: { totalCount: 30 } } }]);
  });
});

describe('REFUSED_CREDENTIAL_TTL_SECONDS=0', () => {
  it('asks the upstream every time, and still answers 401', async () => {
    const forgetful = await startStack({ env: { REFUSED_CREDENTIAL_TTL_SECONDS: '0' } });
    try {
      for (let i = 0; i < 2; i += 1) {
        const { status, body } = await forgetful.gql('{ accessNumbers { code } }', { token: 'nope-token' });
        expect([status, body]).toEqual([401, { errors: [{ message: REFUSED, extensions: { code: 'UNAUTHENTICATED' } }] }]);
      }
      expect(forgetful.calls()).toEqual(['available_access_numbers', 'available_access_numbers']);
    } finally {
      await forgetful.close();
    }
  });
});

describe('in development', () => {
  it('sends no stack trace with any 401', async () => {
    const dev = await startStack({ env: { NODE_ENV: 'development' } });
    try {
      for (const token of [null, 'nope-token', 'nope-token']) {
        const { status, text } = await dev.gql('{ accessNumbers { code } }', { token });
        expect(status).toBe(401);
        expect(text).not.toContain('stacktrace');
      }
    } finally {
      await dev.close();
    }
  });
});
