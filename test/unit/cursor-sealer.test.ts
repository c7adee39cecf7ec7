import { describe, expect, it } from '@jest/globals';
import { createCursorSealer } from '../../src/cursors/sealer.js';
import { bindingOf } from '../../src/resolvers/cursor.js';
import { checkFilter, type NumberFilter } from '../../src/resolvers/number-filter.js';

/** Cursor sealing: bound to the credential and the context, deterministic, tamper-evident. */

const plaintext = Buffer.from('["01228601762",3402]');

describe('cursor sealer', () => {
  it('opens what the same credential sealed for the same context, in any sealer instance (replicas, restarts)', () => {
    const sealed = createCursorSealer('Bearer token-a').seal('ctx', plaintext);
    expect(createCursorSealer('Bearer token-a').open('ctx', sealed)).toEqual(plaintext);
  });

  it('does not open for another credential, another context, or after any byte changed', () => {
    const a = createCursorSealer('Bearer token-a');
    const sealed = a.seal('ctx', plaintext);
    expect(createCursorSealer('Bearer token-b').open('ctx', sealed)).toBeUndefined();
    expect(a.open('ctx2', sealed)).toBeUndefined();
    for (let i = 0; i < sealed.length; i += 1) {
      const altered = Buffer.from(sealed);
      altered[i] = altered[i]! ^ 0x01;
      expect(a.open('ctx', altered)).toBeUndefined();
    }
    expect(a.open('ctx', sealed.subarray(0, 28))).toBeUndefined();
  });

  it('seals the same plaintext to the same bytes, and different plaintexts with different nonces', () => {
    const a = createCursorSealer('Bearer token-a');
    expect(a.seal('ctx', plaintext)).toEqual(a.seal('ctx', plaintext));
    const other = a.seal('ctx', Buffer.from('["01228601763",3403]'));
    expect(other.subarray(0, 12)).not.toEqual(a.seal('ctx', plaintext).subarray(0, 12));
    expect(a.seal('ctx', plaintext).toString('latin1')).not.toContain('01228601762');
  });

  it('without a credential, seals with a key no credential has', () => {
    const sealed = createCursorSealer(undefined).seal('ctx', plaintext);
    expect(createCursorSealer('Bearer ').open('ctx', sealed)).toBeUndefined();
    expect(createCursorSealer(undefined).open('ctx', sealed)).toBeUndefined();
  });
});

describe('the binding of a cursor', () => {
  const order = { field: 'NUMBER', direction: 'ASC' } as const;
  const none = checkFilter({});
  const each: Array<[keyof NumberFilter, NumberFilter[keyof NumberFilter]]> = [
    ['context', 'utility'],
    ['search', 'menu'],
    ['subscriberStatus', 'VALIDATED'],
    ['recordingEnabled', false],
    ['destinationType', 'menu'],
    ['destinationKind', 'Menu'],
    ['prefix', '01228'],
  ];

  it('changes with every filter, so a filter added later binds cursors without being listed', () => {
    expect(each.map(([key]) => key).sort()).toEqual(Object.keys(none).sort());
    const bindings = each.map(([key, value]) => bindingOf(order, { ...none, [key]: value }));
    expect(new Set([bindingOf(order, none), ...bindings]).size).toBe(each.length + 1);
  });

  it('is the same for the same filters however they were spelled', () => {
    expect(bindingOf(order, checkFilter({ prefix: '+44 (0)1228', destinationType: 'MENU', search: '' }))).toBe(
      bindingOf(order, checkFilter({ prefix: '01228', destinationType: 'menu' })),
    );
  });
});
