import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startStack, type Stack } from '../helpers/stack.js';
import { dataOperations } from './fuzz-data.js';

/**
 * Property: whatever operation and variables a client sends, the gateway answers with a 2xx or
 * 4xx and typed errors: never a 5xx, never an internal (masked or not) error, and always with
 * `extensions.cost` whose estimate is at least the upstream calls the operation really made.
 * Failures shrink to a minimal operation. Runs in production mode, where masking is on.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const ALLOWED_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  'PERSISTED_QUERY_NOT_FOUND',
  'COST_ESTIMATED_TOO_EXPENSIVE',
  'OPERATION_RESOLUTION_FAILURE',
]);
const LIMIT = 25;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0', BREAKER_VOLUME_THRESHOLD: '100000' } });
});
afterAll(() => stack.close());

const hostile = fc.constantFrom('..', '%2e%2e', '1?x=2', '1#x', '3466\u0000', '0'.repeat(300), '+44 1224 405347', '01224405347', '3401', '', ' ');
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), hostile);
const anyValue = fc.oneof(
  text,
  fc.integer({ min: -1000, max: 100_000 }),
  fc.boolean(),
  fc.constant(null),
  fc.double(),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const kind = fc.oneof(fc.constantFrom('Menu', 'Queue', 'CallGroup', 'UNKNOWN', 'MENU', 'BOGUS'), anyValue);
const destination = fc.oneof(
  fc.record({
    type: maybe(fc.oneof(text, fc.constantFrom('Menu', 'Queue', 'HuntGroup'))),
    kind: maybe(kind),
    id: fc.oneof(text, fc.constantFrom('262', '311')),
  }),
  anyValue,
);

interface Op {
  document: string;
  variables: Record<string, unknown>;
  /** `$v` becomes an array nested this deep, written as text (too deep for JSON.stringify). */
  nestedV?: number;
}

function bodyOf(op: Op): string {
  if (op.nestedV === undefined) return JSON.stringify({ query: op.document, variables: op.variables });
  const depth = op.nestedV;
  return JSON.stringify({ query: op.document, variables: { v: 'NESTED' } }).replace('"NESTED"', `${'['.repeat(depth)}1${']'.repeat(depth)}`);
}

const operations: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ document: fc.constant('query Q($v: ID!) { number(id: $v) { id number e164 prefix { areaName } } }'), variables: fc.record({ v: anyValue }) }),
  fc.record({
    document: fc.constant(
      'query Q($first: Int, $after: String, $ctx: NumberContext, $s: String) { numbers(first: $first, after: $after, context: $ctx, search: $s) { totalCount nodes { id subscriber { status } } pageInfo { endCursor } } }',
    ),
    variables: fc.record({
      first: maybe(fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue)),
      after: maybe(
        fc.oneof(
          text,
          fc.string().map((s) => Buffer.from(`number:${s}`).toString('base64url')),
        ),
      ),
      ctx: maybe(fc.oneof(fc.constantFrom('INCOMING', 'UTILITY', 'BOGUS'), anyValue)),
      s: maybe(anyValue),
    }),
  }),
  fc.record({
    document: fc.constant(
      'query Q($first: Int, $last: Int, $after: String, $before: String, $o: NumberOrder, $st: SubscriberStatus, $rec: Boolean, $dt: String, $dk: DestinationKind, $p: String, $n: String!) { numbers(first: $first, last: $last, after: $after, before: $before, orderBy: $o, subscriberStatus: $st, recordingEnabled: $rec, destinationType: $dt, destinationKind: $dk, prefix: $p) { totalCount edges { cursor } pageInfo { startCursor } } numberByNumber(number: $n) { id } }',
    ),
    variables: fc.record({
      first: maybe(fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue)),
      last: maybe(fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue)),
      after: maybe(
        fc.oneof(
          text,
          fc
            .tuple(fc.constantFrom('n2', 'n1'), fc.oneof(fc.integer(), fc.string()), fc.integer(), fc.string())
            .map((t) => Buffer.from(JSON.stringify(t)).toString('base64url')),
        ),
      ),
      before: maybe(text),
      o: maybe(
        fc.oneof(
          fc.record({ field: fc.constantFrom('ID', 'NUMBER', 'CREATED_AT', 'UPDATED_AT', 'BOGUS'), direction: fc.constantFrom('ASC', 'DESC', 'UP') }),
          anyValue,
        ),
      ),
      st: maybe(fc.oneof(fc.constantFrom('UNKNOWN', 'VALIDATED', 'NOPE'), anyValue)),
      rec: maybe(anyValue),
      dt: maybe(fc.oneof(fc.constantFrom('Menu', 'queue'), text)),
      dk: maybe(kind),
      p: maybe(fc.oneof(fc.constantFrom('01', '+44 1224', '0800'), text)),
      n: anyValue,
    }),
  }),
  fc.record({
    document: fc.constant('query Q($s: String, $n: Int) { availablePrefixes(search: $s, first: $n) { prefix areaName acquirableNumbers(first: $n) } }'),
    variables: fc.record({ s: maybe(anyValue), n: maybe(anyValue) }),
  }),
  fc.record({ document: fc.constant('query Q($p: String!) { acquirableNumbers(prefix: $p) }'), variables: fc.record({ p: anyValue }) }),
  // Demand control: fan-out around ACQUIRABLE_MAX_PREFIXES, by a variable page size and conditions.
  fc.record({
    document: fc.constant('query Q($f: Int, $p: Boolean!) { numbers(first: $f) { nodes { number prefix @include(if: $p) { acquirableNumbers(first: 1) } } } }'),
    variables: fc.record({ f: maybe(fc.oneof(fc.integer({ min: -5, max: 40 }), anyValue)), p: fc.oneof(fc.boolean(), anyValue) }),
  }),
  fc.record({
    document: fc.constant(
      'query Q($a: ID!, $b: ID!, $c: ID!) { a: number(id: $a) { id prefix { areaName } } b: number(id: $b) { id } c: number(id: $c) { id } numbers(first: 2) { totalCount } }',
    ),
    variables: fc.record({
      a: fc.oneof(fc.constantFrom('3401', '3402', '3431'), anyValue),
      b: fc.constantFrom('3401', '3403', '9'),
      c: fc.oneof(fc.constantFrom('3404', '3401'), text),
    }),
  }),
  fc.record({
    document: fc.constant(
      'query Q($s: String, $x: Boolean!, $q: String!) { availablePrefixes(search: $s) { ...P } acquirableNumbers(prefix: $q) } fragment P on Prefix { prefix ... @include(if: $x) { acquirableNumbers(first: 1) } }',
    ),
    variables: fc.record({
      s: maybe(fc.oneof(fc.constantFrom('aber', '01', 'Lon', '0'), anyValue)),
      x: fc.boolean(),
      q: fc.oneof(fc.constantFrom('01224', '01887'), anyValue),
    }),
  }),
  fc.record({ document: fc.constant('query Q($n: String!) { accessNumbers { code dialString(number: $n) } }'), variables: fc.record({ n: anyValue }) }),
  fc.record({
    document: fc.constant('mutation M($i: CreateNumberInput!) { createNumber(input: $i) { number { id } userErrors { field code } } }'),
    variables: fc.record({
      i: fc.oneof(
        fc.record({
          number: text,
          context: maybe(anyValue),
          destination: maybe(destination),
          callerIdPrefix: maybe(anyValue),
          recordingEnabled: maybe(anyValue),
        }),
        anyValue,
      ),
    }),
  }),
  fc.record({
    document: fc.constant('mutation M($i: UpdateNumberInput!) { updateNumber(input: $i) { number { id } userErrors { field code } } }'),
    variables: fc.record({
      i: fc.oneof(
        fc.record({
          id: fc.oneof(text, fc.constantFrom('3401', '3402')),
          destination: maybe(destination),
          callerIdPrefix: maybe(anyValue),
          callerIdPassthrough: maybe(anyValue),
        }),
        anyValue,
      ),
    }),
  }),
  fc.record({
    document: fc.constant('mutation M($n: String!) { acquireNumber(input: { number: $n }) { number { id } userErrors { code } } }'),
    variables: fc.record({ n: anyValue }),
  }),
  fc.record({
    document: fc.constant('mutation M($i: UpdateSubscriberInput!) { updateSubscriber(input: $i) { number { id } userErrors { field code } } }'),
    variables: fc.record({
      i: fc.record({ numberId: fc.oneof(text, fc.constant('3403')), name: maybe(anyValue), postcode: maybe(anyValue), address1: maybe(anyValue) }),
    }),
  }),
  fc.record({
    document: fc.constant('mutation M($id: ID!) { deleteNumber(input: { id: $id }) { deletedId userErrors { code } } }'),
    variables: fc.record({ id: fc.oneof(text, fc.integer()) }),
  }),
  ...dataOperations({ anyValue, text }),
  fc.record({ document: fc.string({ maxLength: 200 }), variables: fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 3 }) }),
  // Operation types the schema has no root for, or that do not exist, next to served ones.
  fc.record({
    document: fc
      .tuple(
        fc.constantFrom('subscription', 'query', 'mutation', 'Subscription', 'sub', 'fragment', ''),
        fc.constantFrom('', ' S', ' S($v: ID)'),
        fc.constantFrom(
          '{ __typename }',
          '{ numberChanged { id } }',
          '{ numbers(first: 1) { totalCount } }',
          '{ deleteNumber(input: { id: "9" }) { deletedId } }',
        ),
      )
      .map(([type, name, selection]) => `${type}${name} ${selection}`),
    variables: fc.record({ v: maybe(anyValue) }),
  }),
  // Variables nested far deeper than any input type, for every argument kind.
  fc.record({
    document: fc.constantFrom(
      'query Q($v: ID!) { number(id: $v) { id } }',
      'query Q($v: Int) { numbers(first: $v) { totalCount } }',
      'query Q($v: String!) { acquirableNumbers(prefix: $v) }',
      'query Q($v: NumberOrder) { numbers(first: 1, orderBy: $v) { totalCount } }',
      'mutation M($v: UpdateNumberInput!) { updateNumber(input: $v) { userErrors { code } } }',
    ),
    variables: fc.constant({}),
    nestedV: fc.integer({ min: 1, max: 8000 }),
  }),
  fc.record({
    document: fc.stringMatching(/^\{( *[a-z]{1,10}( *\( *[a-z]{1,5} *: *"[^"]{0,10}" *\))? *\{ *[a-z]{1,6} *\})+ *\}$/),
    variables: fc.constant({}),
  }),
);

/** A request body as it arrives, whole: any bytes under any content type. */
const malformedBodies = fc.record({
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/graphql-response+json',
    'application/graphql',
    'text/plain',
    'application/x-www-form-urlencoded',
    '',
  ),
  body: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(
      'null',
      '[]',
      '[{"query":"{ __typename }"}]',
      '"x"',
      '5',
      '{}',
      '{"query":5}',
      '{"query":"{ __typename }","variables":"x"}',
      '{"query":"{ __typename }","extensions":"x"}',
    ),
    fc.constantFrom(
      '{"operationName":5,"query":"{ __typename }"}',
      '{"extensions":{"persistedQuery":{"version":1,"sha256Hash":5}}}',
      '{"documentId":["x"]}',
      '{"query":"query A { __typename } query B { __typename }"}',
    ),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => `{"query":"{ __typename }","variables":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}`),
    fc
      .record({ query: fc.oneof(fc.string(), fc.constant('subscription { __typename }')), variables: anyValue, extensions: anyValue, operationName: anyValue })
      .map((b) => JSON.stringify(b)),
  ),
});

describe('fuzzing the GraphQL endpoint with malformed requests', () => {
  it(`answers ${Math.ceil(RUNS / 10)} malformed bodies with a 4xx and a typed error`, async () => {
    await fc.assert(
      fc.asyncProperty(malformedBodies, async ({ contentType, body }) => {
        const response = await fetch(`${stack.gateway.url}/graphql`, {
          method: 'POST',
          headers: { authorization: 'Bearer demo-token-a', ...(contentType ? { 'content-type': contentType } : {}) },
          body,
        });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string; stacktrace?: unknown } }> };
        for (const error of parsed.errors ?? []) {
          expect(ALLOWED_CODES).toContain(error.extensions?.code);
          expect(error.extensions?.stacktrace).toBeUndefined();
        }
      }),
      { numRuns: Math.ceil(RUNS / 10), seed: Number(process.env.FUZZ_SEED ?? 20261126), endOnFailure: false },
    );
  }, 600_000);
});

describe('fuzzing the GraphQL endpoint', () => {
  it(`answers ${RUNS} generated operations with no 5xx and no internal error`, async () => {
    await fc.assert(
      fc.asyncProperty(operations, fc.constantFrom('demo-token-a', 'demo-token-b', null), async (op, token) => {
        const response = await fetch(`${stack.gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: bodyOf(op),
        });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        const body = JSON.parse(text) as {
          errors?: Array<{ extensions?: { code?: string; stacktrace?: unknown } }>;
          extensions?: { cost?: { estimated: number; actual: number; limit: number } };
        };
        for (const error of body.errors ?? []) {
          expect(ALLOWED_CODES).toContain(error.extensions?.code);
          expect(error.extensions?.stacktrace).toBeUndefined();
        }
        const cost = body.extensions?.cost;
        expect(cost?.limit).toBe(LIMIT);
        expect(cost?.estimated).toBeGreaterThanOrEqual(cost?.actual ?? Infinity);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261126), endOnFailure: false },
    );
  }, 600_000);
});
