import fc from 'fast-check';

/**
 * Operations of the data additions of version 3 for the fuzz property (fuzz.test.ts): pages of 0,
 * `node`/`nodes` with 0, 1, 100 and 101 ids, cursors that look like version 3 ones, and every
 * form of UK number input in each place that reads one.
 */

interface Op {
  document: string;
  variables: Record<string, unknown>;
}

export interface FuzzValues {
  anyValue: fc.Arbitrary<unknown>;
  text: fc.Arbitrary<string>;
}

const FORMS = [
  '+44 (0)1228 601762',
  '0044 1228 601762',
  '(01228) 601-762',
  '01228 601762',
  '01228-601-762',
  '+441228601762',
  '01228601762',
  '+44 (0)1494',
  '0044 1494',
  '(01494)',
  '+44',
  '0',
  '+33 1 23 45 67 89',
  '001228601762',
  '01228 6017',
  '012286017620',
  '+44+1228',
  '01228 601762 ext 5',
  '+44 (0)20 7946 0999',
];

export function dataOperations({ anyValue, text }: FuzzValues): Array<fc.Arbitrary<Op>> {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const phone = fc.oneof(fc.constantFrom(...FORMS), fc.stringMatching(/^[+0-9 ()./-]{0,24}$/), text);
  const id = fc.oneof(fc.constantFrom('3401', '3402', '3431', '5401', '999999', '0', '-1'), text);
  const ids = fc.oneof(
    fc.constant([]),
    fc.array(id, { minLength: 1, maxLength: 1 }),
    fc.array(id, { minLength: 100, maxLength: 100 }),
    fc.array(id, { minLength: 101, maxLength: 101 }),
    fc.array(fc.constantFrom('3401', '3402', '3403'), { minLength: 100, maxLength: 100 }),
    anyValue,
  );
  // Random bytes after the version 3 marker: well-formed base64url that no credential sealed.
  const v3Like = fc.uint8Array({ minLength: 0, maxLength: 80 }).map((bytes) => Buffer.concat([Buffer.of(3), bytes]).toString('base64url'));
  const size = fc.oneof(fc.constantFrom(0, 1, -1, 100, 101), anyValue);

  return [
    fc.record({
      document: fc.constant(
        'query Q($f: Int, $l: Int, $a: String, $b: String, $p: String, $s: String, $d: String) { numbers(first: $f, last: $l, after: $a, before: $b, prefix: $p, search: $s, destinationType: $d) { totalCount nodes { id prefix { areaName } } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }',
      ),
      variables: fc.record({
        f: maybe(size),
        l: maybe(size),
        a: maybe(fc.oneof(v3Like, text)),
        b: maybe(fc.oneof(v3Like, text)),
        p: maybe(fc.oneof(phone, fc.constantFrom('', ' '))),
        s: maybe(fc.constantFrom('', '  ', 'Menu', '1228')),
        d: maybe(fc.constantFrom('', ' ', 'Menu', 'queue')),
      }),
    }),
    fc.record({
      document: fc.constant(
        'query Q($ids: [ID!]!, $id: ID!) { nodes(ids: $ids) { __typename id ... on Number { number prefix { areaName } } } node(id: $id) { id } number(id: "3401") { id } }',
      ),
      variables: fc.record({ ids, id: fc.oneof(id, anyValue) }),
    }),
    fc.record({
      document: fc.constant('query Q($n: String!) { numberByNumber(number: $n) { id } accessNumbers { dialString(number: $n) } }'),
      variables: fc.record({ n: fc.oneof(phone, anyValue) }),
    }),
    fc.record({
      document: fc.constant(
        'mutation M($n: String!) { createNumber(input: { number: $n }) { number { id } userErrors { field code } } acquireNumber(input: { number: $n }) { number { id } userErrors { code } } }',
      ),
      variables: fc.record({ n: fc.oneof(phone, anyValue) }),
    }),
  ];
}
