import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function toIso(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' && ISO.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 date and time such as 2015-05-05T14:43:36.000Z.', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date.toISOString();
}

/** ISO-8601 in UTC with milliseconds, the upstream's own format. */
export const DateTime = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date and time in UTC with millisecond precision, e.g. `2015-05-05T14:43:36.000Z`.',
  serialize: toIso,
  parseValue: toIso,
  parseLiteral: (ast) => toIso(ast.kind === Kind.STRING ? ast.value : undefined),
});
