import { describe, expect, it } from '@jest/globals';
import { parseUkNumber, parseUkPrefix } from '../../src/phone/uk-number.js';

/** The one UK number reader: the forms clients type, and what it refuses. */

describe('parseUkNumber', () => {
  it.each([
    ['+44 (0)1228 601762', '01228601762'],
    ['0044 1228 601762', '01228601762'],
    ['0044(0)1228601762', '01228601762'],
    ['(01228) 601-762', '01228601762'],
    ['01228.601.762', '01228601762'],
    ['+441228601762', '01228601762'],
    ['0330 122 2970', '03301222970'],
    ['0800 123 456', '0800123456'],
    ['020 7946 0000', '02079460000'],
    // Ranges libphonenumber's metadata calls unallocated, which the upstream holds.
    ['02056839992', '02056839992'],
    // The Crown Dependencies share the UK plan.
    ['+44 1481 712345', '01481712345'],
  ])('reads %j as %s', (input, national) => {
    expect(parseUkNumber(input)).toEqual({ ok: true, value: national });
  });

  it.each([
    ['+33 1 23 45 67 89', 'NOT_UK'],
    ['0033 1 23 45 67 89', 'NOT_UK'],
    ['001228601762', 'NOT_UK'],
    ['1224', 'TOO_SHORT'],
    ['01228 6017', 'TOO_SHORT'],
    ['0800 1111', 'TOO_SHORT'],
    ['012286017620', 'TOO_LONG'],
    ['0122440534x', 'FORMAT'],
    ['01228 601762 ext 5', 'FORMAT'],
    ['+44+1228601762', 'FORMAT'],
    ['', 'FORMAT'],
    ['0'.repeat(41), 'FORMAT'],
  ])('refuses %j: %s', (input, problem) => {
    expect(parseUkNumber(input)).toEqual({ ok: false, problem });
  });
});

describe('parseUkPrefix', () => {
  it.each([
    ['+44 (0)1494', '01494'],
    ['0044 1494', '01494'],
    ['(01494)', '01494'],
    ['+441494', '01494'],
    ['0800', '0800'],
    ['0', '0'],
    ['+44', '0'],
    ['+44 (0)', '0'],
    ['01228 601762', '01228601762'],
  ])('reads %j as %s', (input, prefix) => {
    expect(parseUkPrefix(input)).toEqual({ ok: true, value: prefix });
  });

  it.each([
    ['1494', 'FORMAT'],
    ['+4', 'FORMAT'],
    ['+', 'FORMAT'],
    ['00', 'FORMAT'],
    ['01494x', 'FORMAT'],
    ['+33 1', 'NOT_UK'],
    ['+1', 'NOT_UK'],
    ['012286017620123', 'TOO_LONG'],
  ])('refuses %j: %s', (input, problem) => {
    expect(parseUkPrefix(input)).toEqual({ ok: false, problem });
  });
});
