import { HeaderMap, type GraphQLResponse, type HTTPGraphQLHead } from '@apollo/server';
import type { OperationDefinitionNode } from 'graphql';
import type { GatewayPlugin } from '../concern.js';
import { ErrorCode } from '../error-codes.js';
import { PLAN_HEADER } from '../plan/mode.js';
import { totalOf, type RequestRecord } from '../request/incoming.js';
import { operationKey, type OperationCoalescer, type SharedAnswer } from './operations.js';

/** Errors that say something of the leader's request rather than of the data: never handed on. */
const OWN_ERRORS: ReadonlySet<unknown> = new Set([ErrorCode.UPSTREAM_TIMEOUT, ErrorCode.UNAUTHENTICATED]);

/**
 * Whole-operation coalescing (./operations.ts): once an operation is resolved and allowed
 * (credential, demand control, budgets, usage have all run for this request), a query identical
 * to one in flight waits for its answer and is answered in place of execution; otherwise it runs
 * and, when it is a query, lets identical ones wait for it. Every request still gets its own
 * `extensions`, headers, log line and metrics: only `data` and `errors` are shared, and the
 * leader's upstream reads are reported to the follower's observers as reads it shared
 * (`extensions.cost.actual` 0, `upstreamShared` in the log, `…_upstream_coalesced_total`).
 * A request that asked for an upstream plan runs its operation itself, so its plan shows its own
 * calls. Mutations end sharing when they start and when they end. A leader keeps its reads in
 * flight for as long as its waiters may wait (`holdCalls`), in case they must run it themselves.
 */
export function useSharedOperations(operations: OperationCoalescer, onWaited: (result: 'shared' | 'ran') => void): GatewayPlugin {
  return {
    async requestDidStart({ contextValue }) {
      let settle: ((answer: SharedAnswer | undefined) => void) | undefined;
      let write = false;
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'mutation') return;
          write = true;
          operations.wrote();
        },
        async responseForOperation({ operation, queryHash, request }) {
          const { tenantKey, sharing } = contextValue;
          // Apollo's types say `operation` is set here; a document of several operations without an
          // operationName reaches this hook without one (execution then answers the error).
          const type = (operation as OperationDefinitionNode | undefined)?.operation;
          if (type !== 'query' || !tenantKey || !queryHash) return null;
          const key = operationKey(tenantKey, queryHash, request.operationName, request.variables);
          if (key === undefined) return null;
          const follows = !request.http?.headers.has(PLAN_HEADER);
          const joined = follows ? operations.join(key, sharing.waiter) : undefined;
          if (!joined) {
            const lead = operations.lead(key, sharing.waiter.endsAt);
            settle = lead.settle;
            sharing.holdCalls(lead.heldUntil);
            return null;
          }
          const startedAt = performance.now();
          const answer = await joined;
          onWaited(answer ? 'shared' : 'ran');
          // Not shared (or no time, or no client left): run it as if nothing had been in flight.
          if (!answer) return null;
          contextValue.record.sharedOperation = true;
          sharing.shareReads(answer.reads, performance.now() - startedAt);
          // Its trace has no execution and no upstream span of its own: this event says why.
          contextValue.trace.event('operation.shared', { 'numbers_gateway.upstream.shared_reads': totalOf(answer.reads) });
          const body: GraphQLResponse['body'] = {
            kind: 'single',
            singleResult: answer.errors ? { data: answer.data, errors: answer.errors } : { data: answer.data },
          };
          return { http: { status: undefined, headers: new HeaderMap() }, body };
        },
        async willSendResponse({ response }) {
          if (write) operations.wrote();
          if (!settle) return;
          settle(shareable(response.http, response.body) ? answerOf(response.body, contextValue.record) : undefined);
        },
      };
    },
  };
}

/** The leader's answer can be handed on: it has data, a plain 200, and no error of its own making. */
function shareable(http: HTTPGraphQLHead, body: GraphQLResponse['body']): boolean {
  if (body.kind !== 'single' || (http.status !== undefined && http.status !== 200)) return false;
  const { data, errors } = body.singleResult;
  return data !== undefined && !errors?.some((error) => OWN_ERRORS.has(error.extensions?.code));
}

function answerOf(body: GraphQLResponse['body'], record: Pick<RequestRecord, 'upstreamCalls' | 'sharedReads'>): SharedAnswer | undefined {
  if (body.kind !== 'single') return undefined;
  const reads = new Map(record.upstreamCalls);
  for (const [endpoint, count] of record.sharedReads) reads.set(endpoint, (reads.get(endpoint) ?? 0) + count);
  const { data, errors } = body.singleResult;
  return { data: data ?? null, errors, reads };
}
