import { GraphQLError, OperationTypeNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '../error-codes.js';

/** What a client that wants to follow changes can do instead of subscribing. */
const INSTEAD = 'To follow changes, poll the query over GET with If-None-Match: an unchanged answer is a 304 with no body (docs/web-clients.md).';

/**
 * Refuses, while validating, an operation whose type the schema has no root for: graphql-js 16
 * validates a `subscription` against a schema without a Subscription type and only fails when
 * executing it, as an internal error (error log, error metric: any client could raise false
 * alerts). Here it is the client's mistake it is: HTTP 400, GRAPHQL_VALIDATION_FAILED, a message
 * that says what is served, and no upstream call. graphql-js 17 has the same rule built in
 * (KnownOperationTypesRule).
 */
export const servedOperationTypes: ValidationRule = (context: ValidationContext) => {
  const schema = context.getSchema();
  const plural: Record<OperationTypeNode, string> = { query: 'queries', mutation: 'mutations', subscription: 'subscriptions' };
  const served = Object.values(OperationTypeNode).filter((type) => schema.getRootType(type));
  return {
    OperationDefinition(operation) {
      if (schema.getRootType(operation.operation)) return;
      context.reportError(
        new GraphQLError(
          `This gateway does not serve ${plural[operation.operation]}; it serves ${served.map((type) => plural[type]).join(' and ')}. ${INSTEAD}`,
          {
            nodes: [operation],
            extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
          },
        ),
      );
    },
  };
};
