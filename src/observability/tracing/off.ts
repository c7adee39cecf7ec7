// Tracing while it is off: shared, stateless no-ops, so a request without tracing allocates
// nothing for it.

import type { EndPhase, RequestTrace, Tracing } from './types.js';

const noop = (): void => {};
/** The end of a phase nobody records. */
export const endNothing: EndPhase = noop;

/** The trace of every request while tracing is off; `upstream` undefined so the client skips its hook. */
export const NO_TRACE: RequestTrace = Object.freeze({
  traceId: undefined,
  upstream: undefined,
  startOperation: noop,
  operationResolved: noop,
  startPhase: () => endNothing,
  endOperation: noop,
  client: noop,
  event: noop,
  end: noop,
});

/** Tracing off: no SDK module is imported, and each request gets `NO_TRACE`. */
export const TRACING_OFF: Tracing = Object.freeze({
  enabled: false,
  start: () => Promise.resolve(),
  request: () => NO_TRACE,
  shutdown: () => Promise.resolve(),
});
