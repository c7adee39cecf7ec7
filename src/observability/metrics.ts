import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BreakerState } from '../upstream/breaker.js';
import type { SharedRead, UpstreamCall } from '../upstream/observer.js';
import { createClientLabel, type ClientLabel } from '../usage/client-labels.js';
import { BoundedLabel, cacheNameOf, isErrorCode, isGraphQLName } from './labels.js';

/** Distinct operation names kept as labels; beyond this, new names count as `other`. */
export const MAX_OPERATION_LABELS = 200;
/** Distinct error codes kept as outcome labels; beyond this, new codes count as `OTHER_ERROR`. */
const MAX_OUTCOME_LABELS = 50;
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

/** What one finished GraphQL request reports (see request-log.ts). */
export interface GraphQLRequestSample {
  /** The resolved operation's name, `null` when anonymous, `undefined` when none was resolved. */
  operationName: string | null | undefined;
  /** `success`, `user_error`, or the first error code of the response. */
  outcome: string;
  seconds: number;
  /** The client's name as the request gave it (src/usage/client-identity.ts); labelled bounded. */
  client?: string | undefined;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own: tests run several gateways in one
 * process, and each must report only its own traffic. Labels are bounded by construction: no
 * token, id, tenant, raw document or unknown client string ever becomes a label value.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new BoundedLabel(MAX_OPERATION_LABELS);
  private readonly outcomes = new BoundedLabel(MAX_OUTCOME_LABELS, 'OTHER_ERROR');
  private breakerState: () => BreakerState = () => 'closed';

  private readonly requests = new Counter({
    name: 'numbers_gateway_graphql_requests_total',
    help: 'GraphQL requests by operation name (anonymous, unknown when none was resolved, other beyond the cap), outcome and client (registered or CLIENT_NAMES names; other; unknown when none was sent).',
    labelNames: ['operation', 'outcome', 'client'] as const,
    registers: [this.registry],
  });

  private readonly requestSeconds = new Histogram({
    name: 'numbers_gateway_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to the end of its response.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly upstreamCalls = new Counter({
    name: 'numbers_gateway_upstream_requests_total',
    help: 'REST v2 calls by endpoint and HTTP status (none: no answer, e.g. timeout or refused).',
    labelNames: ['endpoint', 'status'] as const,
    registers: [this.registry],
  });

  private readonly upstreamSeconds = new Histogram({
    name: 'numbers_gateway_upstream_request_duration_seconds',
    help: 'Duration of one REST v2 call, retries included.',
    labelNames: ['endpoint'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly batchSizes = new Histogram({
    name: 'numbers_gateway_loader_batch_size',
    help: 'Keys per DataLoader batch.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [this.registry],
  });

  private readonly cacheLookups = new Counter({
    name: 'numbers_gateway_cache_lookups_total',
    help: 'Shared-store reads by cache (apq, reference, refused: credentials the upstream refused recently) and result (hit, miss; a store error is a miss).',
    labelNames: ['cache', 'result'] as const,
    registers: [this.registry],
  });

  private readonly persistedDocuments = new Counter({
    name: 'numbers_gateway_persisted_documents_total',
    help: 'Trusted documents served and refused, by how the request named its document (id: documentId or APQ hash; document: the text itself).',
    labelNames: ['result', 'via'] as const,
    registers: [this.registry],
  });

  private readonly coalescedReads = new Counter({
    name: 'numbers_gateway_upstream_coalesced_total',
    help: 'Reads answered by an identical read of the same credential already in flight (no call made; not in upstream_requests_total), by endpoint.',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });

  private readonly coalescedOperations = new Counter({
    name: 'numbers_gateway_coalesced_operations_total',
    help: 'Queries that found an identical query of the same credential in flight: answered with its data and errors (shared), or run after all (ran: its answer not shareable, no time left, client gone).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly deprecatedFields = new Counter({
    name: 'numbers_gateway_deprecated_field_requests_total',
    help: 'Operations that used a deprecated schema coordinate (field, argument, input field, enum value), by coordinate and client (bounded as in graphql_requests_total).',
    labelNames: ['coordinate', 'client'] as const,
    registers: [this.registry],
  });

  private readonly usageDropped = new Counter({
    name: 'numbers_gateway_usage_dropped_total',
    help: 'Usage-ledger counts dropped because the memory bound was reached (Redis away for long, or too many distinct clients).',
    registers: [this.registry],
  });

  private countingMode: () => 'shared' | 'per-replica' = () => 'per-replica';
  private coalescedWaiting: () => number = () => 0;
  private clientLabel: ClientLabel = createClientLabel([]);

  constructor() {
    const mode = () => this.countingMode();
    new Gauge({
      name: 'numbers_gateway_rate_limits_shared',
      help: 'Whether rate limits and upstream-call budgets are counted in Redis with the other replicas (1) or in this process only (0).',
      registers: [this.registry],
      collect() {
        this.set(mode() === 'shared' ? 1 : 0);
      },
    });
    // Read at scrape time, so the breaker needs no reference to the metrics.
    const state = () => this.breakerState();
    new Gauge({
      name: 'numbers_gateway_upstream_circuit_state',
      help: 'The upstream circuit breaker: 1 for its current state, 0 for the others.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const current = state();
        for (const s of BREAKER_STATES) this.set({ state: s }, s === current ? 1 : 0);
      },
    });
    const waiting = () => this.coalescedWaiting();
    new Gauge({
      name: 'numbers_gateway_upstream_coalesced_waiting',
      help: 'Requests waiting now for an identical read another request has in flight.',
      registers: [this.registry],
      collect() {
        this.set(waiting());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Where the requests waiting for a shared read are counted at each scrape (src/upstream/coalesce.ts). */
  observeCoalescing(waiting: () => number): void {
    this.coalescedWaiting = waiting;
  }

  /** Where the breaker's state is read at each scrape (the breaker lives in src/upstream). */
  observeBreaker(state: () => BreakerState): void {
    this.breakerState = state;
  }

  /** Where the counters' mode is read at each scrape (cache/counters.ts). */
  observeCounting(mode: () => 'shared' | 'per-replica'): void {
    this.countingMode = mode;
  }

  /** How client names become labels: the registry's clients and CLIENT_NAMES keep theirs (src/usage). */
  observeClients(label: ClientLabel): void {
    this.clientLabel = label;
  }

  /** One operation used a deprecated coordinate; `client` is the request's client name. */
  readonly deprecatedField = (coordinate: string, client: string | undefined): void => {
    this.deprecatedFields.inc({ coordinate, client: this.clientLabel(client) });
  };

  readonly usageCountsDropped = (count: number): void => {
    this.usageDropped.inc(count);
  };

  readonly persistedDocument = (result: 'served' | 'refused', via: 'id' | 'document'): void => {
    this.persistedDocuments.inc({ result, via });
  };

  graphqlRequest(sample: GraphQLRequestSample): void {
    const operation = this.operationLabel(sample.operationName);
    const outcome = sample.outcome === 'success' || sample.outcome === 'user_error' ? sample.outcome : this.outcomeLabel(sample.outcome);
    this.requests.inc({ operation, outcome, client: this.clientLabel(sample.client) });
    this.requestSeconds.observe({ operation }, sample.seconds);
  }

  /** Each upstream call: endpoints come from the client's fixed list, statuses are numbers. */
  readonly upstreamCall = ({ endpoint, status, durationMs }: UpstreamCall): void => {
    this.upstreamCalls.inc({ endpoint, status: status === undefined ? 'none' : String(status) });
    this.upstreamSeconds.observe({ endpoint }, durationMs / 1000);
  };

  /** Each read served by another request's identical call in flight (never also an `upstreamCall`). */
  readonly upstreamShared = ({ endpoint }: SharedRead): void => {
    this.coalescedReads.inc({ endpoint });
  };

  /** Each query that waited for an identical one in flight (src/coalescing/): answered by it, or run after all. */
  readonly operationWaited = (result: 'shared' | 'ran'): void => {
    this.coalescedOperations.inc({ result });
  };

  readonly loaderBatch = (loader: string, keys: readonly string[]): void => {
    this.batchSizes.observe({ loader }, keys.length);
  };

  readonly cacheLookup = (key: string, hit: boolean): void => {
    this.cacheLookups.inc({ cache: cacheNameOf(key), result: hit ? 'hit' : 'miss' });
  };

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  private operationLabel(name: string | null | undefined): string {
    if (name === undefined) return 'unknown';
    if (name === null) return 'anonymous';
    return isGraphQLName(name) ? this.operations.of(name) : 'other';
  }

  private outcomeLabel(code: string): string {
    return isErrorCode(code) ? this.outcomes.of(code) : 'OTHER_ERROR';
  }
}
