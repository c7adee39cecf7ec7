import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../request/context.js';

/**
 * Puts the GraphQL operation on the request's trace: an operation span named like the GraphQL
 * conventions (`query Dashboard`) with its type, name, outcome and error codes, and parse,
 * validate and execute spans below it (Apollo skips parse and validate for a document it has
 * cached, and so do the spans). Never the document, its literals or the variables. The outcome
 * is read from the request's record, so it is listed after the record's plugin.
 */
export function useTracing(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue: { trace, record } }) {
      trace.startOperation();
      return {
        async parsingDidStart() {
          const end = trace.startPhase('graphql.parse');
          return async (error) => end(error !== undefined);
        },
        async validationDidStart() {
          const end = trace.startPhase('graphql.validate');
          return async (errors) => end(errors !== undefined && errors.length > 0);
        },
        async didResolveOperation({ operationName, operation }) {
          trace.operationResolved(operationName ?? null, operation?.operation);
        },
        async executionDidStart() {
          const end = trace.startPhase('graphql.execute');
          return {
            async executionDidEnd(error) {
              end(error !== undefined);
            },
          };
        },
        async willSendResponse() {
          trace.endOperation(record);
        },
      };
    },
  };
}
