import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, concatAST, getOperationAST, parse, type OperationDefinitionNode } from 'graphql';
import { TooComplexToEstimate } from '../../src/governance/compile.js';
import { FIELD_COSTS } from '../../src/governance/cost-rules.js';
import { createEstimator, type Estimate } from '../../src/governance/estimate.js';
import type { BatchPlan } from '../../src/loaders/planner.js';
import { loadTypeDefs } from '../../src/schema.js';

const schema = buildASTSchema(concatAST(loadTypeDefs().map((typeDefs) => parse(typeDefs))));

function estimate(query: string, variables: Record<string, unknown> = {}, plan: BatchPlan = 'info'): Estimate {
  const document = parse(query);
  const operation = getOperationAST(document) as OperationDefinitionNode;
  return createEstimator({ maxPrefixes: 20 }).estimate(schema, document, operation, { variables, planIds: () => plan });
}

const total = (query: string, variables?: Record<string, unknown>, plan?: BatchPlan) => estimate(query, variables, plan).total;

const EVERY_NUMBER_FIELD = `id number e164 context createdAt updatedAt recordingEnabled callerIdPrefix callerIdPassthrough forwardSipTo
  acquisition { acquiredAt subscriber { firstName name address1 address2 address3 address4 postcode pushedAt status } }
  subscriber { name status } destination { type id name }`;

describe('estimating an operation in upstream calls', () => {
  it('costs a page of numbers one list call whatever its size and fields, and Number.prefix one more', () => {
    expect(total(`{ numbers(first: 100) { totalCount nodes { ${EVERY_NUMBER_FIELD} } edges { cursor node { id } } pageInfo { endCursor } } }`)).toBe(1);
    expect(total(`{ numbers(first: 100) { nodes { ${EVERY_NUMBER_FIELD} prefix { prefix description areaName } } } }`)).toBe(2);
    expect(total('{ a: numbers(first: 1) { totalCount } b: numbers(first: 50, after: "x") { nodes { id prefix { areaName } } } }')).toBe(2);
  });

  it('gives a literal and a variable `first` the same cost', () => {
    const literal = estimate('{ numbers(first: 7) { nodes { prefix { acquirableNumbers } } } }');
    const variable = estimate('query Q($first: Int) { numbers(first: $first) { nodes { prefix { acquirableNumbers } } } }', { first: 7 });
    expect(variable).toEqual(literal);
    expect(literal).toMatchObject({ total: 9, shared: 2, pools: 7, prefixes: 7 });
  });

  it('takes a left-out variable from its default, then from the schema default (first: 20)', () => {
    expect(total('query Q($first: Int = 3) { numbers(first: $first) { nodes { prefix { acquirableNumbers } } } }')).toBe(5);
    expect(total('{ numbers { edges { node { prefix { acquirableNumbers } } } } }')).toBe(22);
  });

  it('counts acquirableNumbers once per prefix of the list above it, every area when it has no first nor search', () => {
    // A query loads at most 20 pools (the loaders' cap), but it asks for 160.
    expect(estimate('{ availablePrefixes { prefix acquirableNumbers } }')).toEqual({
      total: 21,
      shared: 1,
      numberInfo: 0,
      pools: 20,
      prefixes: 160,
      writes: 0,
      other: 0,
      assumed: [{ path: 'Query.availablePrefixes', size: 160, searched: false }],
    });
    expect(estimate('{ numbers(first: 30) { nodes { prefix { acquirableNumbers } } } }')).toMatchObject({ total: 22, pools: 20, prefixes: 30 });
    expect(estimate('{ availablePrefixes(search: "aber") { prefix } }')).toMatchObject({ total: 1, assumed: [] });
  });

  it('counts a list narrowed by a search as the most pools a query may load, though it certainly asks for one', () => {
    const query = 'query Q($s: String) { availablePrefixes(search: $s) { acquirableNumbers(first: 2) } }';
    expect(estimate(query, { s: 'aber' })).toMatchObject({
      total: 21,
      pools: 20,
      prefixes: 1,
      assumed: [{ path: 'Query.availablePrefixes', size: 20, searched: true }],
    });
    expect(estimate(query, { s: '  ' })).toMatchObject({ total: 21, pools: 20, prefixes: 160 });
    expect(estimate(query, {})).toMatchObject({ total: 21, pools: 20, prefixes: 160 });
    const twice = '{ a: availablePrefixes(search: "aber") { acquirableNumbers } b: availablePrefixes(search: "lon") { acquirableNumbers } }';
    expect(estimate(twice)).toMatchObject({ total: 21, pools: 20, prefixes: 2 });
  });

  it('counts root acquirableNumbers once per distinct prefix, literal or variable', () => {
    expect(
      total('query Q($p: String!) { a: acquirableNumbers(prefix: "01224") b: acquirableNumbers(prefix: "01224") c: acquirableNumbers(prefix: $p) }', {
        p: '01225',
      }),
    ).toBe(2);
    expect(total('query Q($p: String!) { a: acquirableNumbers(prefix: "01224") c: acquirableNumbers(prefix: $p) }', { p: '01224' })).toBe(1);
  });

  it('costs number(id) what the planner would spend: one info call per distinct id, or one list', () => {
    const ids = 'query Q($v: ID!) { a: number(id: "1") { id } b: number(id: "2") { id } c: number(id: $v) { id } d: number(id: "1") { number } }';
    expect(estimate(ids, { v: '3' }, 'info')).toMatchObject({ total: 3, numberInfo: 3 });
    expect(estimate(ids, { v: '3' }, 'list')).toMatchObject({ total: 1, numberInfo: 0, shared: 1 });
    // The batch may be dispatched before a page starts the list: both at worst.
    expect(total('{ number(id: "1") { id } numbers(first: 5) { totalCount } }', {}, 'info')).toBe(2);
    expect(total('{ number(id: "1") { id } numbers(first: 5) { totalCount } }', {}, 'list')).toBe(1);
  });

  it('costs node(id) and nodes(ids) as number(id): their ids join one batch, each distinct id counted once', () => {
    expect(estimate('{ node(id: "1") { id } number(id: "1") { id } nodes(ids: ["1", "2", "2", "3"]) { id } }')).toMatchObject({ total: 3, numberInfo: 3 });
    expect(total('query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['4', '5'] })).toBe(2);
    expect(total('query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: '4' })).toBe(1);
    expect(total('query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [] })).toBe(0);
    // More than 100 ids is refused before any call: at most 100 are counted.
    expect(total('query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 150 }, (_, i) => String(i + 1)) })).toBe(100);
    expect(total('query Q($ids: [ID!]!) { numbers(first: 1) { totalCount } nodes(ids: $ids) { id } }', { ids: ['1', '2'] }, 'list')).toBe(1);
  });

  it('costs nothing below a page of size 0: numbers(first: 0) is its list call alone', () => {
    expect(total('{ numbers(first: 0) { totalCount nodes { prefix { acquirableNumbers } } } }')).toBe(1);
    expect(total('query Q($l: Int) { numbers(last: $l) { nodes { prefix { areaName } } } }', { l: 0 })).toBe(1);
  });

  it('merges fields selected through fragments, inline fragments and aliases the way execution does', () => {
    const merged = `{ numbers(first: 4) { nodes { ...A ... on Number { prefix { acquirableNumbers } } } } }
      fragment A on Number { prefix { areaName acquirableNumbers } ...B }
      fragment B on Number { prefix { acquirableNumbers } }`;
    expect(total(merged)).toBe(6);
    const aliased = '{ numbers(first: 4) { nodes { p: prefix { acquirableNumbers } q: prefix { acquirableNumbers } } } }';
    expect(estimate(aliased)).toMatchObject({ total: 10, prefixes: 8 });
  });

  it('follows @skip and @include, literal or variable', () => {
    const query =
      'query Q($p: Boolean!, $s: Boolean!) { numbers(first: 10) { nodes { prefix @include(if: $p) { acquirableNumbers @skip(if: $s) } } } accessNumbers @skip(if: true) { code } }';
    expect(total(query, { p: false, s: false })).toBe(1);
    expect(total(query, { p: true, s: true })).toBe(2);
    expect(total(query, { p: true, s: false })).toBe(12);
    // A field selected twice runs when either selection is included.
    expect(total('query Q($a: Boolean!) { accessNumbers @include(if: $a) { code } accessNumbers { description } }', { a: false })).toBe(1);
  });

  it('costs a mutation its write and its possible read-back, each mutation of the operation', () => {
    expect(total('mutation { createNumber(input: { number: "01224000000" }) { number { id } userErrors { code } } }')).toBe(2);
    expect(
      total(
        'mutation M($i: ID!) { a: deleteNumber(input: { id: $i }) { deletedId } b: updateNumber(input: { id: $i }) { number { prefix { acquirableNumbers } } } }',
        { i: '1' },
      ),
    ).toBe(6);
    // An acquireNumber between them empties the loaded pools, so each payload's pool is counted.
    const writes = [
      'acquireNumber(input: { number: "01224000001" })',
      'a: createNumber(input: { number: "01224000002" })',
      'b: createNumber(input: { number: "01224000003" })',
    ];
    expect(estimate(`mutation { ${writes.map((w) => `${w} { number { prefix { acquirableNumbers } } }`).join(' ')} }`)).toMatchObject({
      writes: 6,
      pools: 3,
      shared: 1,
      total: 10,
    });
  });

  it('costs nothing for introspection and __typename', () => {
    expect(total('{ __typename __schema { types { name } } }')).toBe(0);
    expect(total('{ numbers { __typename } }')).toBe(1);
  });

  it('keeps the per-document part and recomputes only what the variables decide', () => {
    const estimator = createEstimator({ maxPrefixes: 20 });
    const document = parse('query Q($n: Int) { numbers(first: $n) { nodes { prefix { acquirableNumbers } } } }');
    const operation = getOperationAST(document) as OperationDefinitionNode;
    const run = (n: number) => estimator.estimate(schema, document, operation, { variables: { n }, planIds: () => 'info' }).total;
    expect([run(1), run(10), run(1)]).toEqual([3, 12, 3]);
  });

  it('refuses to expand fragments spread exponentially instead of hanging', () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { accessNumbers { code } }`
        : `fragment F${i} on Query { ...F${i + 1} @include(if: $a) ...F${i + 1} @include(if: $b) }`,
    );
    expect(() => estimate(`query Q($a: Boolean!, $b: Boolean!) { ...F0 } ${fragments.join(' ')}`, { a: true, b: true })).toThrow(TooComplexToEstimate);
  });
});

describe('cost rules', () => {
  it('have a row for every root field of the schema', () => {
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}).map((name) => `${type?.name}.${name}`),
    );
    expect(roots.filter((path) => !FIELD_COSTS.has(path))).toEqual([]);
  });

  it('name only fields the schema has, or fields announced on other branches (numberByNumber)', () => {
    const unknown = [...FIELD_COSTS.keys()].filter((path) => {
      const [type, field] = path.split('.');
      const named = schema.getType(type ?? '');
      return !(named && 'getFields' in named && field && field in named.getFields());
    });
    expect(unknown.filter((path) => path !== 'Query.numberByNumber')).toEqual([]);
  });
});
