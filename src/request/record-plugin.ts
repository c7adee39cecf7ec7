import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GatewayContext } from './context.js';
import { ErrorCode } from '../error-codes.js';

/**
 * Fills the request's record (incoming.ts) with what only Apollo's pipeline knows: the operation,
 * the error codes sent and the mutation userErrors; the log line, the metrics and the trace
 * read it. Listed before every plugin that reads the record when the response is sent.
 */
export function useRequestRecord(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue: { record } }) {
      return {
        async didResolveOperation({ operationName, operation }) {
          record.operationName = operationName ?? null;
          record.operationType = operation?.operation;
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          record.errorCodes = codesOf(errors);
          record.userErrors = userErrorsIn(data);
        },
      };
    },
  };
}

function codesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  const codes = new Set<string>();
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    codes.add(typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR);
  }
  return [...codes];
}

/** Mutation payloads report expected failures as `userErrors`; count them across root fields. */
function userErrorsIn(data: Record<string, unknown> | null | undefined): number {
  let count = 0;
  for (const value of Object.values(data ?? {})) {
    if (typeof value !== 'object' || value === null || !('userErrors' in value)) continue;
    const { userErrors } = value;
    if (Array.isArray(userErrors)) count += userErrors.length;
  }
  return count;
}
