import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

let stack: Stack;
let unitA: UpstreamNumber[];

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const PAYLOAD =
  'number { id number context recordingEnabled callerIdPrefix destination { type id name } subscriber { firstName name address4 postcode status } acquisition { acquiredAt } } userErrors { field code message }';

type NumberPayload = {
  number: null | {
    id: string;
    number: string;
    context: string;
    recordingEnabled: boolean;
    callerIdPrefix: string | null;
    destination: { type: string; id: string; name: string } | null;
    subscriber: { firstName: string | null; name: string | null; address4: string | null; postcode: string | null; status: string };
    acquisition: { acquiredAt: string | null };
  };
  userErrors: Array<{ field: string[] | null; code: string; message: string }>;
};

describe('number lifecycle', () => {
  it('buys a number, sets its subscriber, routes it, deletes it, and each step is visible', async () => {
    const pool = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    const wanted = pool[0]!;
    const routed = unitA.find((n) => n.destination)!.destination!;
    stack.resetCalls();

    const bought = await stack.gql<{ acquireNumber: NumberPayload }>(`mutation Buy($n: String!) { acquireNumber(input: { number: $n }) { ${PAYLOAD} } }`, {
      variables: { n: wanted },
    });
    const id = bought.body.data!.acquireNumber.number!.id;
    expect(bought.body.data!.acquireNumber).toEqual({
      number: {
        id,
        number: wanted,
        context: 'INCOMING',
        recordingEnabled: true,
        callerIdPrefix: null,
        destination: null,
        subscriber: { firstName: null, name: null, address4: null, postcode: null, status: 'UNKNOWN' },
        acquisition: { acquiredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      },
      userErrors: [],
    });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.method, c.params])).toEqual([['acquire', 'POST', { number: wanted }]]);
    expect(await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224')).not.toContain(wanted);

    stack.resetCalls();
    const subscribed = await stack.gql<{ updateSubscriber: NumberPayload }>(
      `mutation { updateSubscriber(input: { numberId: "${id}", firstName: "Alex", name: "Telcom", address4: "Manchester", postcode: "m1  1dz" }) { ${PAYLOAD} } }`,
    );
    expect(subscribed.body.data!.updateSubscriber.number!.subscriber).toEqual({
      firstName: 'Alex',
      name: 'Telcom',
      address4: 'Manchester',
      postcode: 'M1 1DZ',
      status: 'VALIDATION_PENDING',
    });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.params])).toEqual([
      ['update_subscriber', { id, first_name: 'Alex', name: 'Telcom', address4: 'Manchester', postcode: 'M1 1DZ' }],
    ]);

    stack.resetCalls();
    const updated = await stack.gql<{ updateNumber: NumberPayload; after: { destination: unknown; recordingEnabled: boolean } }>(
      `mutation { updateNumber(input: { id: "${id}", destination: { type: "${routed.type}", id: "${routed.object.id}" }, recordingEnabled: false, callerIdPrefix: "SALES" }) { ${PAYLOAD} } }`,
    );
    expect(updated.body.data!.updateNumber.number).toMatchObject({
      destination: { type: routed.type, id: String(routed.object.id), name: routed.object.name },
      recordingEnabled: false,
      callerIdPrefix: 'SALES',
    });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.params])).toEqual([
      ['save', { id, destination_type: routed.type, destination_id: String(routed.object.id), caller_id_prefix: 'SALES', recording_enabled: 'false' }],
    ]);

    const seen = await stack.gql<{ number: { destination: { name: string } | null; subscriber: { name: string } } }>(
      `{ number(id: "${id}") { destination { name } subscriber { name } } }`,
    );
    expect(seen.body.data!.number).toEqual({ destination: { name: routed.object.name }, subscriber: { name: 'Telcom' } });

    stack.resetCalls();
    const cleared = await stack.gql<{ updateNumber: NumberPayload }>(
      `mutation { updateNumber(input: { id: "${id}", destination: null, callerIdPrefix: null }) { ${PAYLOAD} } }`,
    );
    expect(cleared.body.data!.updateNumber.number).toMatchObject({ destination: null, callerIdPrefix: null });
    expect(stack.simulator.stats().calls.map((c) => c.params)).toEqual([{ id, destination_type: '', destination_id: '', caller_id_prefix: '' }]);

    stack.resetCalls();
    const deleted = await stack.gql(`mutation { deleteNumber(input: { id: "${id}" }) { deletedId userErrors { code } } }`);
    expect(deleted.body).toEqual({ data: { deleteNumber: { deletedId: id, userErrors: [] } } });
    const gone = await stack.gql(`{ number(id: "${id}") { id } }`);
    expect(gone.body).toEqual({ data: { number: null } });
    expect(stack.calls()).toEqual(['delete', 'info']);
  });

  it('creates a number in the utility context with only the fields given, and lists it afterwards', async () => {
    const created = await stack.gql<{ createNumber: NumberPayload }>(
      `mutation { createNumber(input: { number: "+44 20 7946 0123", context: UTILITY, recordingEnabled: true }) { ${PAYLOAD} } }`,
    );
    expect(created.body.data!.createNumber).toMatchObject({ number: { number: '02079460123', context: 'UTILITY', recordingEnabled: true }, userErrors: [] });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.params])).toEqual([
      ['save', { number: '02079460123', context: 'utility', recording_enabled: 'true' }],
    ]);
    const list = await stack.gql<{ numbers: { nodes: Array<{ number: string }> } }>('{ numbers(first: 100, context: UTILITY) { nodes { number } } }');
    expect(list.body.data!.numbers.nodes.map((n) => n.number)).toContain('02079460123');
  });

  it('answers two mutations in one operation in order, the second seeing the first', async () => {
    const n = unitA[1]!;
    const { body } = await stack.gql<{ a: NumberPayload; b: NumberPayload }>(
      `mutation { a: updateNumber(input: { id: "${n.id}", recordingEnabled: true }) { number { recordingEnabled callerIdPassthrough } } b: updateNumber(input: { id: "${n.id}", callerIdPassthrough: false }) { number { recordingEnabled callerIdPassthrough } } }`,
    );
    expect(body.data).toEqual({
      a: { number: { recordingEnabled: true, callerIdPassthrough: n.callerid_passthrough } },
      b: { number: { recordingEnabled: true, callerIdPassthrough: false } },
    });
    expect(stack.calls()).toEqual(['save', 'save']);
  });
});

describe('mutation input validation', () => {
  const cases: Array<[string, string, Array<{ field: string[] | null; code: string }>]> = [
    ['acquireNumber', '{ number: "12345" }', [{ field: ['input', 'number'], code: 'INVALID_FORMAT' }]],
    ['acquireNumber', '{ number: "01224/../x" }', [{ field: ['input', 'number'], code: 'INVALID_FORMAT' }]],
    [
      'createNumber',
      '{ number: "0330 122 2970", callerIdPrefix: "' + 'x'.repeat(33) + '", recordingEnabled: null }',
      [
        { field: ['input', 'callerIdPrefix'], code: 'TOO_LONG' },
        { field: ['input', 'recordingEnabled'], code: 'INVALID_FORMAT' },
      ],
    ],
    [
      'updateNumber',
      '{ id: "1?x=2", destination: { type: "Menu;", id: "..", } }',
      [
        { field: ['input', 'id'], code: 'INVALID_FORMAT' },
        { field: ['input', 'destination', 'type'], code: 'INVALID_FORMAT' },
        { field: ['input', 'destination', 'id'], code: 'INVALID_FORMAT' },
      ],
    ],
    ['updateNumber', '{ id: "3466" }', [{ field: ['input'], code: 'NO_CHANGES' }]],
    [
      'updateSubscriber',
      '{ numberId: "3466", postcode: "NOT A POSTCODE", name: "' + 'n'.repeat(101) + '", address1: "a\\u0000b" }',
      [
        { field: ['input', 'name'], code: 'TOO_LONG' },
        { field: ['input', 'address1'], code: 'INVALID_FORMAT' },
        { field: ['input', 'postcode'], code: 'INVALID_FORMAT' },
      ],
    ],
    ['deleteNumber', '{ id: "%2e%2e" }', [{ field: ['input', 'id'], code: 'INVALID_FORMAT' }]],
  ];

  it.each(cases)('%s(input: %s) returns field-level userErrors and calls nothing upstream', async (field, input, expected) => {
    const selection = field === 'deleteNumber' ? 'deletedId' : 'number { id }';
    const { body } = await stack.gql(`mutation { ${field}(input: ${input}) { ${selection} userErrors { field code message } } }`);
    expect(body.errors).toBeUndefined();
    const payload = (body.data as Record<string, { userErrors: Array<{ field: string[]; code: string; message: string }> }>)[field]!;
    expect(payload).toMatchObject(field === 'deleteNumber' ? { deletedId: null } : { number: null });
    expect(payload.userErrors.map(({ field: f, code }) => ({ field: f, code }))).toEqual(expected);
    expect(payload.userErrors.every((e) => e.message.length > 0)).toBe(true);
    expect(stack.calls()).toEqual([]);
  });
});

describe('upstream refusals as userErrors', () => {
  it('reports a number that is not acquirable as NUMBER_NOT_AVAILABLE after exactly one call', async () => {
    const { body } = await stack.gql('mutation { acquireNumber(input: { number: "01224000000" }) { number { id } userErrors { field code message } } }');
    expect(body).toEqual({
      data: {
        acquireNumber: {
          number: null,
          userErrors: [{ field: ['input', 'number'], code: 'NUMBER_NOT_AVAILABLE', message: expect.stringContaining('not available') }],
        },
      },
    });
    expect(stack.calls()).toEqual(['acquire']);
  });

  it('reports an unknown id as NOT_FOUND for update, subscriber and delete', async () => {
    const { body } = await stack.gql(`mutation {
      u: updateNumber(input: { id: "999999", recordingEnabled: true }) { number { id } userErrors { field code } }
      s: updateSubscriber(input: { numberId: "999999", name: "X" }) { number { id } userErrors { field code } }
      d: deleteNumber(input: { id: "999999" }) { deletedId userErrors { field code } }
    }`);
    expect(body).toEqual({
      data: {
        u: { number: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }] },
        s: { number: null, userErrors: [{ field: ['input', 'numberId'], code: 'NOT_FOUND' }] },
        d: { deletedId: null, userErrors: [{ field: ['input', 'id'], code: 'NOT_FOUND' }] },
      },
    });
    expect(stack.calls()).toEqual(['save', 'update_subscriber', 'delete']);
  });

  it("passes the upstream's reason when it refuses a change, pointing at the refused field", async () => {
    const n = unitA[0]!;
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${n.id}", destination: { type: "Menu", id: "424242" } }) { number { id } userErrors { field code message } } }`,
    );
    expect(body).toEqual({
      data: {
        updateNumber: { number: null, userErrors: [{ field: ['input', 'destination'], code: 'REJECTED', message: expect.stringMatching(/destination/i) }] },
      },
    });
    expect(stack.calls()).toEqual(['save']);
  });

  it('refuses mutations over GET', async () => {
    const query = encodeURIComponent('mutation { deleteNumber(input: { id: "1" }) { deletedId } }');
    const response = await fetch(`${stack.gateway.url}/graphql?query=${query}`, {
      headers: { authorization: 'Bearer demo-token-a', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(405);
    expect(stack.calls()).toEqual([]);
  });
});
