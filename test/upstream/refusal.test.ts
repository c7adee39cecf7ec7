import { describe, expect, it } from '@jest/globals';
import { refusedParam } from '../../src/upstream/refusal.js';

describe('refusedParam', () => {
  it.each([
    [
      'the only parameter sent besides the id, whatever the wording',
      { id: '1', destination_type: 'Menu', destination_id: '9' },
      'Computer says no',
      'destination',
    ],
    [
      'the destination named by the word',
      { number: '01224000001', destination_type: 'Menu', destination_id: '9' },
      'no Menu destination with id 9 in this unit',
      'destination',
    ],
    [
      'the destination pair named by its form fields',
      { number: '01224000001', destination_type: 'Menu', destination_id: '' },
      'destination_type and destination_id must be given together',
      'destination',
    ],
    [
      'the number named at the start',
      { number: '01224000001', destination_type: 'Menu', destination_id: '9' },
      'number 01224000001 is already in use',
      'number',
    ],
    [
      'a snake_case parameter',
      { id: '1', caller_id_prefix: 'x'.repeat(40), recording_enabled: 'true' },
      'caller_id_prefix must be at most 32 characters',
      'caller_id_prefix',
    ],
    ['the id when it is all there is', { id: '12' }, 'cannot delete', 'id'],
  ])('is %s', (_name, form, message, expected) => {
    expect(refusedParam(form, message)).toBe(expected);
  });

  it.each([
    ['two parameters and a message naming neither', { number: '01224000001', caller_id_prefix: 'x' }, 'refused'],
    ['two parameters and a message naming both', { number: '01224000001', caller_id_prefix: 'x' }, 'number and caller_id_prefix conflict'],
    ['two parameters and no message', { number: '01224000001', caller_id_prefix: 'x' }, undefined],
    ['a word that only contains a parameter name', { number: '01224000001', context: 'utility' }, 'numbers/acquire is the way'],
  ])('is undefined for %s', (_name, form, message) => {
    expect(refusedParam(form, message)).toBeUndefined();
  });
});
