import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../request/context.js';
import { upstreamCallCount } from '../request/incoming.js';
import { ErrorCode } from '../error-codes.js';
import type { UpstreamCallBudget } from './budget.js';
import { TooComplexToEstimate } from './compile.js';
import type { Estimate, Estimator } from './estimate.js';

export interface DemandControlOptions {
  estimator: Estimator;
  /** LIMIT_MAX_UPSTREAM_CALLS: the most calls one operation may be estimated to make. */
  maxCalls: number;
  /** ACQUIRABLE_MAX_PREFIXES: prefixes whose pools one operation may load (the loaders' cap). */
  maxPrefixes: number;
  /** The per-credential budget of upstream calls per minute, when it is on. */
  budget?: UpstreamCallBudget;
}

/** `extensions.cost` of every response: upstream calls, estimated before and made during the operation. */
export interface CostExtension {
  estimated: number;
  actual: number;
  limit: number;
  /**
   * With the per-credential budget of upstream calls on (RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE)
   * and a credential: the calls left this minute once this operation is settled.
   */
  remaining?: number;
  /** With `remaining`: seconds until the budget's window ends and it is whole again. */
  resetInSeconds?: number;
}

function refused(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.COST_ESTIMATED_TOO_EXPENSIVE, http: { status: 400 } } });
}

/** What to change when acquirableNumbers is what makes the operation expensive. */
function poolAdvice(estimate: Estimate): string {
  const lists = estimate.assumed.map(({ path, size, searched }) => {
    const field = path.slice(path.indexOf('.') + 1);
    return searched ? `${field} with a search counts as ${size} items` : `${field} without \`first\` or \`search\` counts as ${size} items`;
  });
  const assumed = lists.length > 0 ? `, and ${lists.join(', ')}` : '';
  return `acquirableNumbers costs one upstream call per prefix${assumed}: narrow the prefixes it is selected on (\`search\`, a smaller \`first\`), or ask acquirableNumbers(prefix:) for the areas you need.`;
}

/** What to change, from the largest part of the estimate. */
function advice(estimate: Estimate): string {
  const largest = Math.max(estimate.pools, estimate.numberInfo, estimate.writes);
  if (largest === estimate.pools && estimate.pools > 0) return poolAdvice(estimate);
  if (largest === estimate.numberInfo && estimate.numberInfo > 0) {
    return 'Each number(id) can cost one upstream call: read many numbers through one numbers(...) page, or split the operation.';
  }
  if (largest === estimate.writes && estimate.writes > 0) {
    return 'Each mutation costs its write and a possible read-back: send fewer mutations per operation.';
  }
  return 'Split it into smaller operations.';
}

/** Why an estimate is refused, or `undefined` when it may run. */
export function refusalOf(estimate: Estimate, options: Pick<DemandControlOptions, 'maxCalls' | 'maxPrefixes'>): string | undefined {
  if (estimate.prefixes > options.maxPrefixes) {
    return `This operation asks for the acquirable numbers of up to ${estimate.prefixes} prefixes; an operation may load them for at most ${options.maxPrefixes} (ACQUIRABLE_MAX_PREFIXES). ${poolAdvice(estimate)}`;
  }
  if (estimate.total > options.maxCalls) {
    return `This operation could make up to ${estimate.total} upstream calls; the limit is ${options.maxCalls} per operation (LIMIT_MAX_UPSTREAM_CALLS). ${advice(estimate)}`;
  }
  return undefined;
}

/**
 * Demand control in upstream calls, the one thing that is expensive for this gateway: every
 * operation is estimated from its validated document and its variables before it runs (so a
 * literal and a variable `first` cost the same), refused with COST_ESTIMATED_TOO_EXPENSIVE
 * when the estimate is over the limit, charged to the caller's budget of upstream calls when
 * that is on (RATE_LIMITED with `Retry-After` when it cannot cover it), and every response
 * reports `extensions.cost` with what the operation really called. Calls charged but not made
 * (caches, errors) are given back when the response is sent.
 */
export function useDemandControl(options: DemandControlOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      let estimated = 0;
      let charged = 0;
      /** Where the caller's budget stood after the charge (or the refusal), when there is one. */
      let standing: { remaining: number; resetSeconds: number } | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let estimate: Estimate;
          try {
            estimate = options.estimator.estimate(schema, document, operation, { variables: request.variables, planIds: contextValue.loaders.planIds });
          } catch (error) {
            if (error instanceof TooComplexToEstimate) throw refused(error.message);
            throw error;
          }
          estimated = estimate.total;
          contextValue.record.estimatedUpstreamCalls = estimated;
          const refusal = refusalOf(estimate, options);
          if (refusal) throw refused(refusal);
          const { budget } = options;
          if (!budget || !contextValue.tenantKey) return;
          if (estimated === 0) {
            standing = await budget.peek(contextValue.tenantKey);
            return;
          }
          const verdict = await budget.charge(contextValue.tenantKey, estimated);
          standing = verdict;
          if (!verdict.allowed) {
            const retryAfter = String(verdict.retryAfterSeconds);
            const never =
              estimated > budget.perMinute
                ? ` It is more than the whole budget of ${budget.perMinute} per minute (RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE), so it can never run: split it.`
                : '';
            throw new GraphQLError(
              `This operation could make up to ${estimated} upstream calls, more than your credential has left this minute; retry after ${retryAfter} s.${never}`,
              {
                extensions: { code: ErrorCode.RATE_LIMITED, http: { status: 429, headers: new HeaderMap([['retry-after', retryAfter]]) } },
              },
            );
          }
          charged = estimated;
        },
        async willSendResponse({ response }) {
          const actual = upstreamCallCount(contextValue.record);
          const cost: CostExtension = { estimated, actual, limit: options.maxCalls };
          if (standing && options.budget) {
            // What is given back below is left again once the refund lands.
            cost.remaining = Math.min(options.budget.perMinute, standing.remaining + Math.max(0, charged - actual));
            cost.resetInSeconds = standing.resetSeconds;
          }
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          result.extensions = { ...result.extensions, cost };
          // Not awaited: the answer does not wait for Redis, and a refund never fails.
          if (options.budget && contextValue.tenantKey && charged > actual) void options.budget.refund(contextValue.tenantKey, charged - actual);
        },
      };
    },
  };
}
