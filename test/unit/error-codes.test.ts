import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { ErrorCode, isClientCode } from '../../src/error-codes.js';
import { createFormatError } from '../../src/errors.js';
import { UpstreamError } from '../../src/upstream/errors.js';

const formatted = (error: GraphQLError) => ({ message: error.message, path: ['x'], extensions: { ...error.extensions } });

describe('error codes', () => {
  it('lets every listed code through but INTERNAL_SERVER_ERROR, and nothing unlisted', () => {
    const passed = Object.values(ErrorCode).filter((code) => isClientCode(code));
    expect(passed).toEqual(Object.values(ErrorCode).filter((code) => code !== 'INTERNAL_SERVER_ERROR'));
    expect(isClientCode('SOMETHING_NEW')).toBe(false);
    expect(isClientCode(undefined)).toBe(false);
  });

  it.each([true, false])('masks an error with an unlisted code the same way with development=%s', (development) => {
    const error = new GraphQLError('secret detail at /srv/app.js', { extensions: { code: 'SOMETHING_NEW' } });
    const result = createFormatError(development)(formatted(error), error);
    expect(result.message).toBe('Internal server error');
    expect(result.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(result.path).toEqual(['x']);
  });

  it.each([true, false])('keeps the message of an error with a listed code with development=%s', (development) => {
    const error = new GraphQLError('first must be between 1 and 100.', { extensions: { code: ErrorCode.BAD_USER_INPUT, argument: 'first' } });
    const result = createFormatError(development)(formatted(error), error);
    expect(result).toEqual({ message: 'first must be between 1 and 100.', path: ['x'], extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('gives an upstream error its code and a message without the upstream URL', () => {
    const upstream = new UpstreamError('request failed (ECONNRESET)', { kind: 'UNAVAILABLE', endpoint: 'info' });
    const error = new GraphQLError('wrapped', { originalError: upstream, path: ['x'] });
    const result = createFormatError(false)(formatted(error), error);
    expect(result.extensions).toEqual({ code: 'UPSTREAM_ERROR', endpoint: 'numbers/info' });
    expect(result.message).toBe('The numbers service failed (numbers/info).');
  });
});

describe('upstream errors in production', () => {
  it.each([
    ['UNAVAILABLE', 'UPSTREAM_ERROR', 'The numbers service failed.'],
    ['TIMEOUT', 'UPSTREAM_TIMEOUT', 'The numbers service did not answer in time.'],
  ] as const)('name no endpoint for %s, in the message or the extensions', (kind, code, message) => {
    const upstream = new UpstreamError('request failed', { kind, endpoint: 'info', outcome: 'NOT_SEEN' });
    const error = new GraphQLError('wrapped', { originalError: upstream, path: ['x'] });
    expect(createFormatError(false, { hideEndpoints: true })(formatted(error), error)).toEqual({
      message,
      path: ['x'],
      locations: undefined,
      extensions: { code, outcome: 'NOT_SEEN' },
    });
  });
});
