import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '../concern.js';
import { ErrorCode } from '../error-codes.js';
import type { Estimator } from '../governance/estimate.js';
import { upstreamCallCount, type RequestRecord } from '../request/incoming.js';
import { dryRunPlan } from './dry-run.js';
import type { PlanRequest } from './mode.js';
import type { Plan } from './shape.js';

export interface PlanPluginOptions {
  /** An estimator of its own (same rules as demand control): used only for dry-runs. */
  estimator: Estimator;
  maxPrefixes: number;
  /** The plan a request asked for (its guard kept it by the request's record). */
  askedBy(record: RequestRecord): PlanRequest | undefined;
}

/**
 * `extensions.plan`, for requests that asked for one (`askedBy`, see ./mode.ts):
 * a dry-run is planned once the operation is resolved and answered in its place (`data: null`,
 * HTTP 200, nothing executed, no upstream call); a trace is written from its recorder when the
 * response is sent. Requests without a plan get no hooks from it at all.
 */
export function usePlan(options: PlanPluginOptions): GatewayPlugin {
  return {
    async requestDidStart({ contextValue }) {
      const asked = options.askedBy(contextValue.record);
      // A plan describes what a credential's operation does upstream: without one there is none.
      if (!asked || !contextValue.hasCredential) return;
      let dry: Plan | undefined;
      // A request that never resolved an operation (unparsable, invalid) did and planned nothing: no plan.
      let resolved = false;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          resolved = true;
          if (asked.mode === 'invalid') {
            throw new GraphQLError(`The Numbers-Plan header must be "trace" or "dry-run", not ${JSON.stringify(asked.value)}.`, {
              extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
            });
          }
          if (asked.mode !== 'dry-run' || !operation) return;
          dry = dryRunPlan({
            estimator: options.estimator,
            schema,
            document,
            operation,
            variables: request.variables,
            explainIds: contextValue.loaders.explainIds,
            maxPrefixes: options.maxPrefixes,
          });
        },
        async responseForOperation() {
          if (!dry) return null;
          return { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: null } } };
        },
        async willSendResponse({ response }) {
          if (!resolved) return;
          const plan =
            dry ??
            (asked.mode === 'trace'
              ? asked.recorder.toPlan(contextValue.record.estimatedUpstreamCalls ?? 0, upstreamCallCount(contextValue.record))
              : undefined);
          if (!plan) return;
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          result.extensions = { ...result.extensions, plan };
        },
      };
    },
  };
}
