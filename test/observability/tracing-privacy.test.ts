import { afterEach, describe, expect, it } from '@jest/globals';
import type { AttributeValue, ReceivedSpan } from '../helpers/otlp-receiver.js';
import { startStack, upstreamGet, upstreamList, type Stack } from '../helpers/stack.js';
import { freePort } from '../ops/processes.js';
import { callerTraceparent, CALLER, startTracedStack, type TracedStack } from './traced-stack.js';
import { eventually } from '../helpers/eventually.js';

let traced: TracedStack | undefined;
let plain: Stack | undefined;
afterEach(async () => {
  await traced?.close();
  await plain?.close();
  traced = undefined;
  plain = undefined;
});

/** Every attribute of every span and event, with where it was found. */
function attributesIn(spans: readonly ReceivedSpan[]): Array<{ where: string; key: string; value: AttributeValue }> {
  const found: Array<{ where: string; key: string; value: AttributeValue }> = [];
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.attributes)) found.push({ where: span.name, key, value });
    for (const event of span.events)
      for (const [key, value] of Object.entries(event.attributes)) found.push({ where: `${span.name}/${event.name}`, key, value });
  }
  return found;
}

/** The only attributes a request's spans may carry; any new one must be added here on purpose. */
const ALLOWED_KEYS = [
  'error.type',
  'graphql.operation.name',
  'graphql.operation.type',
  'http.request.method',
  'http.request.resend_count',
  'http.response.status_code',
  'http.route',
  'network.protocol.version',
  'numbers_gateway.breaker.state',
  'numbers_gateway.cache',
  'numbers_gateway.cache.entry',
  'numbers_gateway.cache.result',
  'numbers_gateway.error_codes',
  'numbers_gateway.loader',
  'numbers_gateway.loader.batch_size',
  'numbers_gateway.outcome',
  'numbers_gateway.upstream.endpoint',
  'numbers_gateway.upstream.error',
  'numbers_gateway.upstream.shared',
  'numbers_gateway.user_errors',
  'server.address',
  'server.port',
  'url.path',
  'url.scheme',
];

describe('what traces never hold', () => {
  it('never puts a token, an id, a phone number, a variable, a literal or a query string in a span', async () => {
    traced = await startTracedStack();
    const { stack } = traced;
    const numbers = await upstreamList(stack.simulator);
    const [pooled] = await upstreamGet<string[]>(stack.simulator, 'acquirable_numbers?prefix=01224');
    const target = numbers[0];
    const acquired = await stack.gql<{
      acquireNumber: { number: { id: string; e164: string } };
    }>('mutation Buy($number: String!) { acquireNumber(input: { number: $number }) { number { id e164 } userErrors { code } } }', {
      variables: { number: pooled },
    });
    const { id: newId, e164 } = acquired.body.data?.acquireNumber.number ?? {
      id: '',
      e164: '',
    };
    await stack.gql(`mutation Rename { updateSubscriber(input: { numberId: "${target?.id}", name: "Zebedee Quist" }) { userErrors { code } } }`);
    await stack.gql('{ number(id: "not-an-id-42") { id } }');
    const get = await fetch(`${stack.gateway.url}/graphql?query=${encodeURIComponent(`{ number(id: "${newId}") { number } }`)}`, {
      headers: {
        authorization: 'Bearer demo-token-a',
        'apollo-require-preflight': 'true',
      },
    });
    expect([acquired.status, get.status, newId !== '']).toEqual([200, 200, true]);
    const spans = await traced.finish();

    const found = attributesIn(spans);
    expect([...new Set(found.map((a) => a.key))].filter((key) => !ALLOWED_KEYS.includes(key))).toEqual([]);
    const values = found.flatMap((a) => [a.value].flat());
    // Text is searched for any part of a secret; a numeric value (a port, a status, a count) is
    // compared whole, or a random port such as 34195 would "contain" the id 3419.
    const texts = [
      ...spans.flatMap((s) => [s.name, s.status.message, ...s.events.map((e) => e.name)]),
      ...found.map((a) => a.key),
      ...values.filter((value) => typeof value !== 'number').map(String),
    ];
    const numeric = values.filter((value) => typeof value === 'number').map(String);
    const secrets = [
      'demo-token-a',
      'Bearer',
      'Zebedee',
      'not-an-id-42',
      'query=',
      '?',
      pooled ?? '',
      pooled?.slice(1) ?? '',
      e164,
      newId,
      ...numbers.flatMap((n) => [String(n.id), n.number]),
    ];
    expect(secrets.filter((secret) => texts.some((text) => text.includes(secret)) || numeric.includes(secret))).toEqual([]);
    // The GET request is there, by method and route only.
    expect(
      spans
        .filter((s) => s.kind === 'SERVER')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['GET /graphql', 'POST /graphql', 'POST /graphql', 'POST /graphql']);
  });
});

describe('sampling', () => {
  it('follows a caller that did not sample: nothing is exported, the upstream still gets the trace context', async () => {
    traced = await startTracedStack();
    const { stack } = traced;
    await stack.gql('{ numbers(first: 1) { totalCount } }', {
      headers: {
        traceparent: callerTraceparent('00'),
        'x-request-id': 'unsampled',
      },
    });
    const [call] = stack.simulator.stats().calls;
    expect(await traced.finish()).toEqual([]);
    expect(call?.traceparent).toMatch(new RegExp(`^00-${CALLER.traceId}-[0-9a-f]{16}-00$`));
    expect(call?.traceparent).not.toContain(CALLER.spanId);
    // Logs still join the caller's trace, which other services may have recorded.
    expect(
      traced
        .lines()
        .filter((l) => l.requestId === 'unsampled')
        .map((l) => l.traceId),
    ).toEqual([CALLER.traceId]);
  });

  it('exports nothing with OTEL_TRACES_SAMPLER=always_off and tells the upstream so', async () => {
    traced = await startTracedStack({ OTEL_TRACES_SAMPLER: 'always_off' });
    await traced.stack.gql('{ numbers(first: 1) { totalCount } }', {
      headers: { traceparent: callerTraceparent() },
    });
    const [call] = traced.stack.simulator.stats().calls;
    expect(await traced.finish()).toEqual([]);
    expect(call?.traceparent).toMatch(new RegExp(`^00-${CALLER.traceId}-[0-9a-f]{16}-00$`));
  });
});

describe('logs and trace ids', () => {
  it('writes the trace id into every log line of the request', async () => {
    traced = await startTracedStack({ UPSTREAM_RETRY_LIMIT: '0' });
    traced.stack.simulator.setFaults([{ fault: 'reset', endpoint: 'list' }]);
    await traced.stack.gql('query Broken { numbers(first: 1) { totalCount } }', { headers: { 'x-request-id': 'req-9' } });
    const spans = await traced.finish();

    const [server] = spans.filter((s) => s.kind === 'SERVER');
    const lines = traced.lines().filter((l) => l.requestId === 'req-9');
    expect(lines.map((l) => [l.msg, l.traceId])).toEqual([
      ['upstream failure', server?.traceId],
      ['graphql request', server?.traceId],
    ]);
    expect(server?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('logs no trace id and sends no traceparent while tracing is off', async () => {
    plain = await startStack();
    await plain.gql('{ numbers(first: 1) { totalCount } }', {
      headers: { traceparent: callerTraceparent() },
    });
    expect(plain.simulator.stats().calls.map((c) => [c.endpoint, c.traceparent])).toEqual([['list', undefined]]);
  });
});

describe('a collector that is down', () => {
  const complaints = (t: TracedStack) => t.lines().filter((l) => typeof l.msg === 'string' && /^(opentelemetry:|tracing:)/.test(l.msg));

  it('costs no request; a failed export is logged as a compact warning, and shutdown still completes', async () => {
    const closed = await freePort();
    traced = await startTracedStack({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '20',
    });
    const responses = await Promise.all([1, 2, 3].map(() => traced?.stack.gql('{ numbers(first: 1) { totalCount } }')));
    expect(responses.map((r) => r?.status)).toEqual([200, 200, 200]);
    // The batch processor exports every 20 ms: wait (bounded) for its first failure to be logged.
    await eventually(() => traced !== undefined && complaints(traced).length > 0, 200, 50);
    await traced.finish();
    const [first] = complaints(traced);
    expect([first?.level, first?.msg]).toEqual([40, expect.stringMatching(/^opentelemetry: export failed: ECONNREFUSED connect ECONNREFUSED/)]);
    expect(traced.raw.join('')).not.toContain('"stack"');
  });

  it('warns at shutdown when the last spans cannot be delivered', async () => {
    const closed = await freePort();
    traced = await startTracedStack({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
    });
    expect((await traced.stack.gql('{ numbers(first: 1) { totalCount } }')).status).toBe(200);
    await traced.finish();
    expect(complaints(traced).map((l) => [l.level, l.msg, l.reason])).toEqual([
      [40, 'tracing: last spans not exported', expect.stringContaining('ECONNREFUSED')],
    ]);
    expect(traced.raw.join('')).not.toContain('"stack"');
  });
});
