import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startStack, upstreamGet, upstreamList, type Stack, type UpstreamNumber } from '../helpers/stack.js';

/**
 * Upstream refusals as `userErrors` that point at the input field they are about, with the
 * exact upstream call each mutation made.
 */

let stack: Stack;
let unitA: UpstreamNumber[];

beforeAll(async () => {
  stack = await startStack();
  unitA = await upstreamList(stack.simulator);
});
afterAll(() => stack.close());
beforeEach(() => stack.resetCalls());

const ERRORS = 'userErrors { field code message }';

describe('refusals point at the most precise input field', () => {
  it('a destination the unit does not have is ["input","destination"], even with other settings in the same input', async () => {
    const n = unitA[1]!;
    const { body } = await stack.gql(
      `mutation { updateNumber(input: { id: "${n.id}", destination: { type: "Menu", id: "999999" }, callerIdPrefix: "X", recordingEnabled: true }) { number { id } ${ERRORS} } }`,
    );
    expect(body).toEqual({
      data: {
        updateNumber: {
          number: null,
          userErrors: [{ field: ['input', 'destination'], code: 'REJECTED', message: 'no Menu destination with id 999999 in this unit' }],
        },
      },
    });
    expect(stack.simulator.stats().calls.map((c) => [c.endpoint, c.status, c.params])).toEqual([
      ['save', 400, { id: String(n.id), destination_type: 'Menu', destination_id: '999999', caller_id_prefix: 'X', recording_enabled: 'true' }],
    ]);
  });

  it('creating a number already in use is ["input","number"], a missing destination on create is ["input","destination"]', async () => {
    const taken = unitA[2]!.number;
    const destination = unitA.find((n) => n.destination)!.destination!;
    const { body } = await stack.gql(
      `mutation {
        taken: createNumber(input: { number: "${taken}", destination: { type: "${destination.type}", id: "${destination.object.id}" } }) { number { id } ${ERRORS} }
        nowhere: createNumber(input: { number: "02079460123", destination: { type: "Queue", id: "31999" } }) { number { id } ${ERRORS} }
      }`,
    );
    expect(body).toEqual({
      data: {
        taken: { number: null, userErrors: [{ field: ['input', 'number'], code: 'REJECTED', message: `number ${taken} is already in use` }] },
        nowhere: {
          number: null,
          userErrors: [{ field: ['input', 'destination'], code: 'REJECTED', message: 'no Queue destination with id 31999 in this unit' }],
        },
      },
    });
    expect(stack.calls()).toEqual(['save', 'save']);
  });

  it('creating a number that is provider stock points at the number, with no REST path in the message', async () => {
    const stock = (await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224'))[0]!;
    stack.resetCalls();
    const { body } = await stack.gql(`mutation { createNumber(input: { number: "${stock}", recordingEnabled: false }) { number { id } ${ERRORS} } }`);
    expect(body).toEqual({
      data: {
        createNumber: {
          number: null,
          userErrors: [{ field: ['input', 'number'], code: 'REJECTED', message: `number ${stock} is provider stock; use acquire to purchase it` }],
        },
      },
    });
    expect(stack.calls()).toEqual(['save']);
  });
});
