import { afterEach, describe, expect, it } from '@jest/globals';
import { serverTimingOf, upstreamBusyMs } from '../../src/observability/server-timing.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { DASHBOARD } from '../plan/demo.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const FORMAT = /^total;dur=(\d+\.\d), upstream;dur=(\d+\.\d);desc="(\d+) calls?", cache;desc="(\d+) hits?"$/;

/** The figures of a Server-Timing header, or a failure naming the header as it came. */
function timingOf(headers: Headers): { total: number; upstream: number; calls: number; hits: number } {
  const value = headers.get('server-timing') ?? '';
  const match = FORMAT.exec(value);
  if (!match) throw new Error(`Server-Timing has an unexpected form: ${JSON.stringify(value)}`);
  const [, total, upstream, calls, hits] = match.map(Number);
  return { total: total ?? NaN, upstream: upstream ?? NaN, calls: calls ?? NaN, hits: hits ?? NaN };
}

describe('Server-Timing on /graphql answers', () => {
  it('counts the upstream calls and the reference-cache hits of each answer, its upstream time within its total', async () => {
    stack = await startStack();
    const cold = timingOf((await stack.gql(DASHBOARD)).headers);
    expect([cold.calls, cold.hits]).toEqual([2, 0]);
    expect(cold.upstream).toBeLessThanOrEqual(cold.total);
    const warm = timingOf((await stack.gql(DASHBOARD)).headers);
    expect([warm.calls, warm.hits]).toEqual([1, 1]);
    const none = timingOf((await stack.gql('{ __typename }')).headers);
    expect([none.upstream, none.calls, none.hits]).toEqual([0, 0, 0]);
  });

  it('is on answers refused before and by Apollo: unparsable, unauthenticated, too large, rate limited', async () => {
    stack = await startStack({ env: { BODY_LIMIT_BYTES: '2048', RATE_LIMIT_PER_MINUTE: '4' } });
    const answers = [
      await stack.gql('{ numbers('),
      await stack.gql(DASHBOARD, { token: null }),
      await stack.gql(`{ __typename } # ${'x'.repeat(3000)}`),
      await stack.gql('{ __typename }'),
      await stack.gql('{ __typename }'),
    ];
    expect(answers.map((a) => a.status)).toEqual([400, 401, 413, 200, 429]);
    for (const answer of answers) expect(timingOf(answer.headers).calls).toBe(0);
  });

  it('is left out with SERVER_TIMING_ENABLED=false', async () => {
    stack = await startStack({ env: { SERVER_TIMING_ENABLED: 'false' } });
    const result = await stack.gql(DASHBOARD);
    expect(result.status).toBe(200);
    expect(result.headers.has('server-timing')).toBe(false);
  });
});

describe('upstream time', () => {
  it('counts overlapping calls once and gaps between calls not at all', () => {
    expect(upstreamBusyMs([])).toBe(0);
    expect(upstreamBusyMs([10, 15])).toBe(5);
    expect(upstreamBusyMs([10, 20, 12, 18, 30, 35])).toBe(15);
    expect(upstreamBusyMs([30, 35, 10, 20, 15, 25])).toBe(20);
  });
});

describe('a read shared with another request in flight (UPSTREAM_COALESCE)', () => {
  it('is named apart from the calls made, and its wait counts as upstream time', () => {
    const record = { startedAt: 0, upstreamCalls: new Map(), sharedReads: new Map([['list', 1]]), upstreamTiming: { spans: [2, 7], cacheHits: 0 } };
    expect(serverTimingOf(record, 10)).toBe('total;dur=10.0, upstream;dur=5.0;desc="0 calls, 1 shared", cache;desc="0 hits"');
    const both = {
      ...record,
      upstreamCalls: new Map([['available_prefixes', 1]]),
      sharedReads: new Map([
        ['list', 1],
        ['info', 2],
      ]),
    };
    expect(serverTimingOf(both, 10)).toBe('total;dur=10.0, upstream;dur=5.0;desc="1 call, 3 shared", cache;desc="0 hits"');
  });
});
