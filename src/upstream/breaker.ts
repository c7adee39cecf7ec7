import CircuitBreaker from 'opossum';
import type { ResilienceConfig } from '../config.js';
import { UpstreamError } from './errors.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface UpstreamBreaker {
  /** Runs one upstream call through the breaker; fails fast with CIRCUIT_OPEN while open. */
  fire<T>(endpoint: string, call: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  /** Called with each state change (metrics, logs). */
  onChange(listener: (state: BreakerState) => void): void;
  shutdown(): void;
}

/**
 * Answers the caller gave us wrong (401, 403, 404, 400) say nothing about the upstream's
 * health, so they never trip the breaker; timeouts, 5xx and broken bodies do.
 */
function isHealthyAnswer(error: unknown): boolean {
  return error instanceof UpstreamError && error.kind !== 'TIMEOUT' && error.kind !== 'UNAVAILABLE' && error.kind !== 'CIRCUIT_OPEN';
}

/**
 * One circuit breaker per upstream (opossum). While open, calls fail at once with
 * `UPSTREAM_UNAVAILABLE` instead of piling up behind a dead service; after `resetMs` one probe
 * goes through (half-open) and its result closes or re-opens the circuit.
 */
export function createBreaker(config: ResilienceConfig['breaker']): UpstreamBreaker {
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    timeout: false,
    errorThresholdPercentage: config.errorPercent,
    volumeThreshold: config.volumeThreshold,
    resetTimeout: config.resetMs,
    rollingCountTimeout: config.windowMs,
    rollingCountBuckets: 10,
    errorFilter: isHealthyAnswer,
  });
  const listeners: Array<(state: BreakerState) => void> = [];
  const emit = (state: BreakerState) => listeners.forEach((listener) => listener(state));
  breaker.on('open', () => emit('open'));
  breaker.on('halfOpen', () => emit('half-open'));
  breaker.on('close', () => emit('closed'));
  return {
    async fire<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(call)) as T;
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        if (breaker.opened || breaker.halfOpen) {
          throw new UpstreamError('circuit open: the upstream failed repeatedly', { kind: 'CIRCUIT_OPEN', endpoint, cause: error });
        }
        throw error;
      }
    },
    state: () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed'),
    onChange: (listener) => listeners.push(listener),
    shutdown: () => breaker.shutdown(),
  };
}
