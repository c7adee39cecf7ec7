import type { IncomingHttpHeaders } from 'node:http';
import type { UpstreamTracer } from '../../upstream/observer.js';

// The tracing seam: what the HTTP entry point, the context and the Apollo plugin call. Types only,
// so importing it loads nothing; index.ts has the "off" implementation (no-op functions) and
// sdk.ts, loaded only when an endpoint is configured, the OpenTelemetry one.

export type GraphQLPhase = 'graphql.parse' | 'graphql.validate' | 'graphql.execute';

/** Ends a phase span; `failed` marks it as an error (no message: messages can quote the document). */
export type EndPhase = (failed?: boolean) => void;

/** What a finished GraphQL operation reports to its span (never variables or document text). */
export interface OperationOutcome {
  /** Distinct `extensions.code` values of the response's errors, in order. */
  errorCodes: readonly string[];
  /** `userErrors` entries of mutation payloads. */
  userErrors: number;
}

/** The trace of one /graphql request: its SERVER span and the spans below it. */
export interface RequestTrace {
  /** The W3C trace id (continued from the caller's `traceparent` or new); undefined when off. */
  readonly traceId: string | undefined;
  /** Hook for src/upstream/client.ts: one CLIENT span per upstream call. Undefined when off. */
  readonly upstream: UpstreamTracer | undefined;
  /** Apollo's pipeline began (the plugin's requestDidStart). */
  startOperation(): void;
  operationResolved(name: string | null, type: string | undefined): void;
  startPhase(phase: GraphQLPhase): EndPhase;
  endOperation(outcome: OperationOutcome): void;
  /** The request's client (validated name and version, src/usage/client-identity.ts), on the SERVER span. */
  client(name: string, version: string | undefined): void;
  /** An event on the innermost open span (loader batches, cache lookups): no values, only names and counts. */
  event(name: string, attributes: Readonly<Record<string, string | number>>): void;
  /** The response ended: its status (undefined when none was sent); `aborted`: the client went away first. */
  end(status: number | undefined, aborted: boolean): void;
}

export interface Tracing {
  /** False while no OTLP endpoint is configured: then nothing of the SDK is loaded. */
  readonly enabled: boolean;
  /** Loads and starts the SDK when enabled. */
  start(): Promise<void>;
  /** Starts the trace of one /graphql request, continuing the caller's `traceparent`. */
  request(method: string, headers: IncomingHttpHeaders, httpVersion: string): RequestTrace;
  /** Exports the spans still queued, then stops the exporter. */
  shutdown(): Promise<void>;
}
