import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

/**
 * One UK number parser for every input (src/phone/uk-number.ts), over real HTTP: the forms
 * clients type are read the same by `numberByNumber`, the `prefix` filter, the mutations and
 * `dialString`; other countries and impossible lengths are refused with an accepted form and no
 * upstream call. Blank string filters mean no filter.
 */

let stack: Stack;
let unitA: UpstreamNumber[];
let target: UpstreamNumber;

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
  target = unitA.find((n) => n.number === '01228601762')!;
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const FORMS = [
  '+44 (0)1228 601762',
  '0044 1228 601762',
  '(01228) 601-762',
  '01228 601762',
  '01228-601-762',
  '+441228601762',
  '01228601762',
  '+44 1228 601 762',
  '0044 (0) 1228 601762',
];
const EXAMPLE = '01228 601762 or +44 1228 601762';
const REFUSED: Array<[string, string]> = [
  ['+33 1 23 45 67 89', `number must be a UK number (+44), such as ${EXAMPLE}.`],
  ['+1 202 555 0100', `number must be a UK number (+44), such as ${EXAMPLE}.`],
  ['01228 6017', `number is too short for a UK number: give all its digits, such as ${EXAMPLE}.`],
  ['012286017620', `number is too long for a UK number: give one number, such as ${EXAMPLE}.`],
  ['01228 601762 ext 5', `number must be a UK number such as ${EXAMPLE} (digits, spaces, dashes and brackets only).`],
  ['', `number must be a UK number such as ${EXAMPLE} (digits, spaces, dashes and brackets only).`],
];

describe('numberByNumber', () => {
  it('finds the same number from every national and international form, in one list call', async () => {
    expect(target).toBeDefined();
    const query = `query(${FORMS.map((_, i) => `$n${i}: String!`).join(', ')}) { ${FORMS.map((_, i) => `n${i}: numberByNumber(number: $n${i}) { id number }`).join(' ')} }`;
    const { body } = await stack.gql(query, { variables: Object.fromEntries(FORMS.map((form, i) => [`n${i}`, form])) });
    expect(body).toEqual({ data: Object.fromEntries(FORMS.map((_, i) => [`n${i}`, { id: String(target.id), number: '01228601762' }])) });
    expect(stack.calls()).toEqual(['list']);
  });

  it.each(REFUSED)('refuses %j with BAD_USER_INPUT showing an accepted form, and no upstream call', async (number, message) => {
    const { body } = await stack.gql('query($n: String!) { numberByNumber(number: $n) { id } }', { variables: { n: number } });
    expect(body).toEqual({
      data: { numberByNumber: null },
      errors: [{ message, locations: [{ line: 1, column: 22 }], path: ['numberByNumber'], extensions: { code: 'BAD_USER_INPUT', argument: 'number' } }],
    });
    expect(stack.calls()).toEqual([]);
  });
});

describe('numbers(prefix:)', () => {
  const PREFIX_QUERY = 'query($p: String) { numbers(first: 100, prefix: $p) { totalCount nodes { id } } }';

  it("reads a partial number in any form as the national digits the upstream's numbers start with", async () => {
    const expected = unitA.filter((n) => n.number.startsWith('01494')).map((n) => ({ id: String(n.id) }));
    expect(expected.length).toBeGreaterThan(0);
    for (const prefix of ['+44 (0)1494', '0044 1494', '(01494)', '01494', '+441494', '+44 1494']) {
      const { body } = await stack.gql(PREFIX_QUERY, { variables: { p: prefix } });
      expect({ prefix, body }).toEqual({ prefix, body: { data: { numbers: { totalCount: expected.length, nodes: expected } } } });
    }
    expect(stack.calls()).toEqual(Array(6).fill('list'));
  });

  it.each([
    ['+33 1', 'prefix must be the start of a UK number (+44), such as 01228, +44 1228 or +44 (0)1228.'],
    ['1494', 'prefix must be the leading digits of a UK number starting with 0 or +44, such as 01228, +44 1228 or +44 (0)1228.'],
    ['01494x', 'prefix must be the leading digits of a UK number starting with 0 or +44, such as 01228, +44 1228 or +44 (0)1228.'],
    ['012286017620', 'prefix is longer than a UK number: give its leading digits, such as 01228, +44 1228 or +44 (0)1228.'],
  ])('refuses %j with BAD_USER_INPUT and no upstream call', async (prefix, message) => {
    const { body } = await stack.gql(PREFIX_QUERY, { variables: { p: prefix } });
    expect(body.data).toEqual({ numbers: null });
    expect(body.errors?.map((e) => [e.message, e.extensions])).toEqual([[message, { code: 'BAD_USER_INPUT', argument: 'prefix' }]]);
    expect(stack.calls()).toEqual([]);
  });
});

describe('blank string filters', () => {
  it('mean no filter, whichever string filter, and page on with the unfiltered cursors', async () => {
    const QUERY =
      'query($s: String, $d: String, $p: String, $after: String) { numbers(first: 5, after: $after, search: $s, destinationType: $d, prefix: $p) { totalCount nodes { id } pageInfo { endCursor } } }';
    const ids = unitA.map((n) => String(n.id));
    const plain = await stack.gql<{ numbers: { pageInfo: { endCursor: string } } }>(QUERY);
    for (const variables of [
      { s: '' },
      { d: '' },
      { p: '' },
      { s: '  ', d: ' ', p: '\t' },
      { s: '', d: '', p: '', after: plain.body.data!.numbers.pageInfo.endCursor },
    ]) {
      const { body } = await stack.gql(QUERY, { variables });
      const start = 'after' in variables ? 5 : 0;
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        numbers: { totalCount: ids.length, nodes: ids.slice(start, start + 5).map((id) => ({ id })), pageInfo: { endCursor: expect.any(String) } },
      });
    }
    expect(stack.calls()).toEqual(Array(6).fill('list'));
  });
});

describe('mutation inputs', () => {
  it("create a number given as +44 (0)… in the upstream's national form", async () => {
    const { body } = await stack.gql('mutation { createNumber(input: { number: "+44 (0)20 7946 0999" }) { number { number e164 } userErrors { code } } }');
    expect(body).toEqual({ data: { createNumber: { number: { number: '02079460999', e164: '+442079460999' }, userErrors: [] } } });
    const saves = stack.simulator.stats().calls.filter((c) => c.endpoint === 'save');
    expect(saves.map((c) => c.params.number)).toEqual(['02079460999']);
  });

  it('acquire a pool number given as 0044 …', async () => {
    const stock = (await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224'))[1]!;
    stack.resetCalls();
    const spaced = `0044 ${stock.slice(1, 5)} ${stock.slice(5)}`;
    const { body } = await stack.gql('mutation($n: String!) { acquireNumber(input: { number: $n }) { number { number } userErrors { code } } }', {
      variables: { n: spaced },
    });
    expect(body).toEqual({ data: { acquireNumber: { number: { number: stock }, userErrors: [] } } });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.params.number])).toEqual([['acquire', stock]]);
  });

  it("refuse another country's number as a user error naming the field, with no upstream call", async () => {
    const { body } = await stack.gql('mutation { createNumber(input: { number: "+1 202 555 0100" }) { number { id } userErrors { field code message } } }');
    expect(body).toEqual({
      data: {
        createNumber: {
          number: null,
          userErrors: [{ field: ['input', 'number'], code: 'INVALID_FORMAT', message: `Must be a UK number (+44), such as ${EXAMPLE}.` }],
        },
      },
    });
    expect(stack.calls()).toEqual([]);
  });
});

describe('dialString', () => {
  it('puts a UK number in any form in as national digits, and an extension as it is', async () => {
    const query = 'query($n: String!) { accessNumbers { code dialString(number: $n) } }';
    const forward = await stack.gql<{ accessNumbers: Array<{ code: string; dialString: string }> }>(query, { variables: { n: '+44 (0)1228 601762' } });
    expect(forward.body.data?.accessNumbers.find((a) => a.code === '*21*{number}')?.dialString).toBe('*21*01228601762');
    expect(forward.body.data?.accessNumbers.find((a) => a.code === '*55')?.dialString).toBe('*55');
    const page = await stack.gql<{ accessNumbers: Array<{ code: string; dialString: string }> }>(query, { variables: { n: '2 01' } });
    expect(page.body.data?.accessNumbers.find((a) => a.code === '*30*{number}')?.dialString).toBe('*30*201');
  });

  it("refuses another country's number with BAD_USER_INPUT", async () => {
    const { body } = await stack.gql('{ accessNumbers { dialString(number: "+33 1 23 45 67 89") } }');
    expect(body.data).toEqual({ accessNumbers: null });
    expect(body.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.argument])).toEqual([
      [`number must be a UK number (+44), such as ${EXAMPLE}.`, 'BAD_USER_INPUT', 'number'],
    ]);
  });
});
