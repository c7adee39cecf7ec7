import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { DateTime } from '../../src/resolvers/scalars.js';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error;
  }
  return 'no error';
}

describe('DateTime', () => {
  it('serializes the upstream timestamp unchanged, normalised to UTC with milliseconds', () => {
    expect(DateTime.serialize('2015-05-05T14:43:36.000Z')).toBe('2015-05-05T14:43:36.000Z');
    expect(DateTime.serialize('2015-05-05T15:43:36+01:00')).toBe('2015-05-05T14:43:36.000Z');
  });

  it('fails a bad upstream value as UPSTREAM_ERROR, and a bad client value as BAD_USER_INPUT', () => {
    expect(codeOf(() => DateTime.serialize('yesterday'))).toBe('UPSTREAM_ERROR');
    expect(codeOf(() => DateTime.serialize('2015-13-45T99:00:00Z'))).toBe('UPSTREAM_ERROR');
    expect(codeOf(() => DateTime.parseValue('yesterday'))).toBe('BAD_USER_INPUT');
  });
});
