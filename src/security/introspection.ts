import { GraphQLError, type ValidationRule } from 'graphql';
import { ErrorCode } from '../error-codes.js';

/** What the refusal says: what is refused, and the variable an operator sets to change it. */
export const INTROSPECTION_REFUSED =
  'Introspection (__schema, __type) is off on this gateway, as it is by default when NODE_ENV=production. ' +
  'Its operator turns it on with INTROSPECTION_ENABLED=true.';

/**
 * Apollo Server's own rule (its `introspection: false`) says "pass introspection: true to
 * ApolloServer", advice for the gateway's code, not for the people running or calling it. This
 * rule refuses the same fields (`__schema`, `__type`, anywhere in the document; `__typename`
 * stays allowed) with the same code, and names INTROSPECTION_ENABLED instead; Apollo is then
 * built with introspection on and this rule does the refusing (src/security/index.ts).
 */
export const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== '__schema' && node.name.value !== '__type') return;
    context.reportError(
      new GraphQLError(INTROSPECTION_REFUSED, {
        nodes: [node],
        extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, validationErrorCode: 'INTROSPECTION_DISABLED' },
      }),
    );
  },
});
