import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { LimitsConfig } from '../config.js';
import { ErrorCode } from '../error-codes.js';
import { GUARDED_MUTATIONS } from '../write-effects.js';
import { fragmentsOf, rootFieldNames } from './ast.js';
import { useTokenLimitMessage } from './token-limit.js';

/**
 * A buggy client or a replayed request must not buy ten numbers or delete a whole unit in one
 * operation (the guarded mutations of write-effects.ts): each guarded mutation, however aliased
 * or spread through fragments, counts, and more than one in an operation fails validation before anything executes.
 */
export const oneGuardedMutationPerOperation: ValidationRule = (context: ValidationContext) => {
  const fragments = fragmentsOf(context.getDocument());
  return {
    OperationDefinition(operation) {
      if (operation.operation !== 'mutation') return;
      const guarded = rootFieldNames(operation.selectionSet, fragments).filter((name) => GUARDED_MUTATIONS.has(name));
      if (guarded.length > 1) {
        context.reportError(
          new GraphQLError(
            `An operation may contain at most one of ${[...GUARDED_MUTATIONS].join(', ')}; this one has ${guarded.length}. Send them as separate requests.`,
            {
              nodes: [operation],
              extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
            },
          ),
        );
      }
    },
  };
};

export interface OperationLimits {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
}

/** What a client can change when an armor limit refuses its operation, and the variable that sets the limit. */
const LIMIT_TEXT: Record<'depth' | 'aliases' | 'directives', (limit: number, found: string) => string> = {
  depth: (limit, found) =>
    `The operation nests fields ${found} deep; the limit is ${limit} (LIMIT_MAX_DEPTH). Select less deeply nested fields, or split the operation.`,
  aliases: (limit, found) => `The operation uses ${found} aliases; the limit is ${limit} (LIMIT_MAX_ALIASES). Send the aliased fields in separate operations.`,
  directives: (limit, found) => `The operation uses ${found} directives; the limit is ${limit} (LIMIT_MAX_DIRECTIVES). Use fewer @skip/@include directives.`,
};

/**
 * Armor words every refusal "Syntax Error: …" although the document parsed fine. Its rules
 * report through this callback instead: GRAPHQL_VALIDATION_FAILED with a message that names the
 * limit, what the operation has and what to change.
 */
function reportLimit(kind: keyof typeof LIMIT_TEXT, limit: number): (context: ValidationContext | null, error: GraphQLError) => void {
  return (context, error) => {
    const found = /found (\d+)/.exec(error.message)?.[1] ?? 'more';
    context?.reportError(new GraphQLError(LIMIT_TEXT[kind](limit, found), { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
  };
}

/**
 * Depth, aliases and directives by graphql-armor; the token limit by graphql-js's own parser
 * option (armor's token plugin turns the parse error into HTTP 500 on Apollo), its message
 * rewritten by useTokenLimitMessage. Cost is not armor's field count but the estimate of
 * upstream calls (src/governance). Field suggestions ("did you mean …") are blocked in
 * production so the schema cannot be mapped through typos when introspection is off.
 */
export function operationLimits(limits: LimitsConfig, production: boolean): OperationLimits {
  const rule = (kind: keyof typeof LIMIT_TEXT, n: number) => ({ n, exposeLimits: true, propagateOnRejection: false, onReject: [reportLimit(kind, n)] });
  const armor = new ApolloArmor({
    maxDepth: { ...rule('depth', limits.maxDepth), ignoreIntrospection: true },
    costLimit: { enabled: false },
    maxAliases: rule('aliases', limits.maxAliases),
    maxDirectives: rule('directives', limits.maxDirectives),
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    // armor is typed against @apollo/server's CommonJS build; the plugin objects are the same.
    plugins: [...(plugins as unknown as ApolloServerPlugin[]), useTokenLimitMessage(limits.maxTokens)],
    validationRules: [...validationRules, oneGuardedMutationPerOperation],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
