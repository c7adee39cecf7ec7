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

/** The rolling window is counted in this many buckets; the oldest drops out as time moves on. */
const BUCKETS = 10;

/**
 * One circuit breaker per upstream. While open, calls fail at once with `UPSTREAM_UNAVAILABLE`
 * instead of piling up behind a dead service; after `resetMs` one probe goes through
 * (half-open) and its result closes or re-opens the circuit. It opens when, within the rolling
 * window, at least `volumeThreshold` calls were made (refused ones included) and more than
 * `errorPercent` % of them failed. These are opossum's rules, which this replaces: opossum emits
 * several events, allocates a promise and records a latency sample on every call, and rotates
 * its window on an interval timer; here a call costs two counter updates and the window
 * rotates when it is read.
 */
export function createBreaker(config: ResilienceConfig['breaker']): UpstreamBreaker {
  const bucketMs = config.windowMs / BUCKETS;
  const fires = new Array<number>(BUCKETS).fill(0);
  const failures = new Array<number>(BUCKETS).fill(0);
  let current = 0;
  let bucketStartedAt = performance.now();
  let state: BreakerState = 'closed';
  /** In half-open, whether the one probe has been sent. */
  let probing = false;
  let resetTimer: NodeJS.Timeout | undefined;
  const listeners: Array<(state: BreakerState) => void> = [];

  function rotate(): void {
    const now = performance.now();
    for (let steps = 0; now - bucketStartedAt >= bucketMs && steps < BUCKETS; steps += 1) {
      current = (current + 1) % BUCKETS;
      fires[current] = 0;
      failures[current] = 0;
      bucketStartedAt += bucketMs;
    }
    if (now - bucketStartedAt >= bucketMs) bucketStartedAt = now;
  }

  function become(next: BreakerState): void {
    state = next;
    probing = false;
    for (const listener of listeners) listener(next);
  }

  function open(): void {
    if (state === 'open') return;
    become('open');
    resetTimer = setTimeout(() => become('half-open'), config.resetMs);
    resetTimer.unref();
  }

  function succeeded(): void {
    if (state !== 'half-open') return;
    clearTimeout(resetTimer);
    become('closed');
  }

  function failed(): void {
    rotate();
    failures[current] = (failures[current] ?? 0) + 1;
    if (state === 'half-open') return open();
    const fired = fires.reduce((sum, n) => sum + n, 0);
    if (fired < config.volumeThreshold) return;
    const failed = failures.reduce((sum, n) => sum + n, 0);
    if ((failed / fired) * 100 > config.errorPercent) open();
  }

  return {
    fire<T>(endpoint: string, call: () => Promise<T>): Promise<T> {
      rotate();
      fires[current] = (fires[current] ?? 0) + 1;
      if (state === 'open' || (state === 'half-open' && probing)) {
        return Promise.reject(new UpstreamError('circuit open: the upstream failed repeatedly', { kind: 'CIRCUIT_OPEN', endpoint }));
      }
      if (state === 'half-open') probing = true;
      let running: Promise<T>;
      try {
        running = call();
      } catch (error) {
        running = Promise.reject(error);
      }
      return running.then(
        (value) => {
          succeeded();
          return value;
        },
        (error: unknown) => {
          if (isHealthyAnswer(error)) succeeded();
          else failed();
          throw error;
        },
      );
    },
    state: () => state,
    onChange: (listener) => listeners.push(listener),
    shutdown: () => clearTimeout(resetTimer),
  };
}
