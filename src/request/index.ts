import type { RequestObserver } from './incoming.js';
import { useRequestRecord } from './record-plugin.js';

/**
 * Counts the request's upstream calls by endpoint into its record (their one writer), and apart
 * from them the reads another request's identical call answered (UPSTREAM_COALESCE).
 */
const countUpstreamCalls: RequestObserver = ({ record }) => ({
  call: ({ endpoint }) => record.upstreamCalls.set(endpoint, (record.upstreamCalls.get(endpoint) ?? 0) + 1),
  shared: ({ endpoint }) => record.sharedReads.set(endpoint, (record.sharedReads.get(endpoint) ?? 0) + 1),
});

/**
 * The request concern: the record of what each request did (request/incoming.ts) filled from
 * Apollo's pipeline and from the upstream client. Its context factory is request/context.ts.
 */
export function createRequestConcern() {
  return {
    plugins: { record: useRequestRecord() },
    observers: { upstreamCalls: countUpstreamCalls },
  } as const;
}
