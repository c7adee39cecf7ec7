import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { ErrorCode } from '../error-codes.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function parseIso(value: unknown): Date | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && ISO.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Client input: a bad value is the client's mistake. */
function inputIso(value: unknown): string {
  const date = parseIso(value);
  if (!date) {
    throw new GraphQLError('DateTime must be an ISO-8601 date and time such as 2015-05-05T14:43:36.000Z.', {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return date.toISOString();
}

/** Output: a bad value came from the upstream, so only that field fails, as an upstream error. */
function outputIso(value: unknown): string {
  const date = parseIso(value);
  if (!date) throw new GraphQLError('The numbers service sent an invalid date.', { extensions: { code: ErrorCode.UPSTREAM_ERROR } });
  return date.toISOString();
}

/** ISO-8601 in UTC with milliseconds, the upstream's own format. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date and time in UTC with millisecond precision, e.g. `2015-05-05T14:43:36.000Z`.',
  serialize: outputIso,
  parseValue: inputIso,
  parseLiteral: (ast) => inputIso(ast.kind === Kind.STRING ? ast.value : undefined),
});
