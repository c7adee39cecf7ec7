import { describe, expect, it } from '@jest/globals';
import { kindOf, upstreamTypeOf } from '../../src/resolvers/destination-kind.js';

/** The contract spells each kind as the upstream spells its destination type; upstream types match ignoring case. */
describe('destination kinds', () => {
  it.each([
    ['Menu', 'Menu'],
    ['queue', 'Queue'],
    ['EXTENSION', 'Extension'],
    ['Voicemail', 'Voicemail'],
    ['callgroup', 'CallGroup'],
    ['Conference', 'Conference'],
    ['HuntGroup', 'UNKNOWN'],
    ['Call_Group', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ])('reads the upstream type %j as %s', (type, kind) => {
    expect(kindOf(type)).toBe(kind);
  });

  it('sends the upstream the kind itself, and no type for UNKNOWN', () => {
    expect(
      ['Menu', 'Queue', 'Extension', 'Voicemail', 'CallGroup', 'Conference', 'UNKNOWN'].map((kind) =>
        upstreamTypeOf(kind as Parameters<typeof upstreamTypeOf>[0]),
      ),
    ).toEqual(['Menu', 'Queue', 'Extension', 'Voicemail', 'CallGroup', 'Conference', undefined]);
  });
});
