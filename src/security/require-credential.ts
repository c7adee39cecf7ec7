import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../request/context.js';
import { ErrorCode } from '../error-codes.js';
import { fragmentsOf, rootFieldNames } from './ast.js';

/** Root fields the gateway answers itself: schema introspection never calls the upstream. */
const INTROSPECTION = new Set(['__schema', '__type', '__typename']);

/**
 * Refuses, before anything executes, an operation that needs the upstream (any root field but
 * introspection, however aliased or spread) from a caller without a usable credential: HTTP 401
 * with `WWW-Authenticate: Bearer` and one UNAUTHENTICATED error, instead of one error per field
 * and no hint of what to send. GraphiQL's schema queries and `{ __typename }` pass without one.
 * A credential the upstream refuses is still found out field by field: only the upstream knows.
 */
export function useRequireCredential(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          if (contextValue.hasCredential || !operation) return;
          if (rootFieldNames(operation.selectionSet, fragmentsOf(document)).every((name) => INTROSPECTION.has(name))) return;
          throw new GraphQLError('Send your API token as "Authorization: Bearer <token>".', {
            extensions: {
              code: ErrorCode.UNAUTHENTICATED,
              http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) },
            },
          });
        },
      };
    },
  };
}
