import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../error-codes.js';

/** graphql-js's parser error when a document has more tokens than `maxTokens`. */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens/;

/**
 * graphql-js refuses a document over LIMIT_MAX_TOKENS while parsing, as "Syntax Error: Document
 * contains more that N tokens": the document may well be valid, it is only too long. The
 * refusal is reworded like the other operation limits: GRAPHQL_VALIDATION_FAILED, a message
 * naming the limit and what to change. Apollo formats errors after this hook, so the edit is
 * what clients see (armor rewrites field suggestions the same way).
 */
export function useTokenLimitMessage(maxTokens: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!TOKEN_LIMIT.test(error.message)) continue;
            error.message = `The document has more than ${maxTokens} tokens (names, punctuation, values); the limit is ${maxTokens} (LIMIT_MAX_TOKENS). Send a smaller document.`;
            Object.assign(error.extensions, { code: ErrorCode.GRAPHQL_VALIDATION_FAILED });
          }
        },
      };
    },
  };
}
