import type { UpstreamHttp } from './http.js';

/**
 * Whether the upstream answers at all: a cheap read without credentials. Any HTTP answer below
 * 500 (a 401 included) proves it is up; a 5xx, a timeout or a refused connection does not.
 */
export async function probeUpstream(upstream: UpstreamHttp, timeoutMs: number): Promise<boolean> {
  try {
    const response = await upstream.got('available_access_numbers', {
      retry: { limit: 0 },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.statusCode < 500;
  } catch {
    return false;
  }
}

export interface ReadinessProbe {
  check(): Promise<boolean>;
}

/**
 * `probeUpstream` shared by concurrent callers and remembered for `ttlMs`: readiness is polled by
 * every balancer and orchestrator, and must not turn into upstream load.
 */
export function createReadinessProbe(upstream: UpstreamHttp, timeoutMs: number, ttlMs = 1000): ReadinessProbe {
  let last: { at: number; result: Promise<boolean> } | undefined;
  return {
    check() {
      const now = performance.now();
      if (!last || now - last.at > ttlMs) last = { at: now, result: probeUpstream(upstream, timeoutMs) };
      return last.result;
    },
  };
}
