import { afterEach, describe, expect, it } from '@jest/globals';
import { upstreamList } from '../helpers/stack.js';
import { callerTraceparent, CALLER, only, shapeOf, startTracedStack, type TracedStack } from './traced-stack.js';
import { eventually } from '../helpers/eventually.js';

let traced: TracedStack | undefined;
afterEach(async () => {
  await traced?.close();
  traced = undefined;
});

const port = (url: string) => Number(new URL(url).port);
const clientSpan = (endpoint: string, simulatorUrl: string, more: Record<string, unknown> = {}) => ({
  'http.request.method': 'GET',
  'numbers_gateway.upstream.endpoint': endpoint,
  'numbers_gateway.breaker.state': 'closed',
  'server.address': '127.0.0.1',
  'server.port': port(simulatorUrl),
  ...more,
});

describe.each(['http/json', 'http/protobuf'])('tracing over OTLP %s', (protocol) => {
  it("exports a SERVER span continuing the caller's traceparent, the operation, its phases and one CLIENT span per upstream call", async () => {
    traced = await startTracedStack({
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'numbers-edge',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,team=tel%20ops',
    });
    const { stack } = traced;
    const response = await stack.gql('query Dashboard { numbers(first: 2) { totalCount } accessNumbers { code } }', {
      headers: { traceparent: callerTraceparent() },
    });
    expect([response.status, response.body.errors]).toEqual([200, undefined]);
    const calls = stack.simulator.stats().calls;
    const spans = await traced.finish();

    expect(shapeOf(spans)).toEqual([
      ['CLIENT', 'GET available_access_numbers', 'graphql.execute'],
      ['CLIENT', 'GET list', 'graphql.execute'],
      ['INTERNAL', 'graphql.execute', 'query Dashboard'],
      ['INTERNAL', 'graphql.parse', 'query Dashboard'],
      ['INTERNAL', 'graphql.validate', 'query Dashboard'],
      ['INTERNAL', 'query Dashboard', 'POST /graphql'],
      ['SERVER', 'POST /graphql', `(remote ${CALLER.spanId})`],
    ]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([CALLER.traceId]));
    expect(only(spans, 'POST /graphql').attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'url.path': '/graphql',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'http.response.status_code': 200,
    });
    expect(only(spans, 'query Dashboard').attributes).toEqual({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Dashboard',
      'numbers_gateway.outcome': 'success',
      'numbers_gateway.user_errors': 0,
    });
    expect(only(spans, 'GET list').attributes).toEqual(
      clientSpan('list', stack.simulator.url, {
        'http.response.status_code': 200,
      }),
    );
    expect(only(spans, 'graphql.execute').events).toEqual([
      {
        name: 'cache.lookup',
        attributes: {
          'numbers_gateway.cache': 'reference',
          'numbers_gateway.cache.entry': 'available_access_numbers',
          'numbers_gateway.cache.result': 'miss',
        },
      },
    ]);
    // The upstream saw each call's own span as its parent, in the caller's trace.
    expect(calls.map((c) => [c.endpoint, c.traceparent]).sort()).toEqual(
      ['available_access_numbers', 'list'].map((endpoint) => [endpoint, `00-${CALLER.traceId}-${only(spans, `GET ${endpoint}`).spanId}-01`]),
    );
    expect(spans[0]?.resource).toEqual({
      'service.name': 'numbers-edge',
      'deployment.environment.name': 'staging',
      team: 'tel ops',
      'host.name': expect.any(String),
      'process.pid': process.pid,
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': expect.any(String),
    });
    const contentType = protocol === 'http/json' ? 'application/json' : 'application/x-protobuf';
    expect(traced.receiver.exports.map((e) => [e.path, e.contentType])).toEqual([['/v1/traces', contentType]]);
  });
});

describe('trace contents', () => {
  it('records loader batches and reference-cache hits as events, and starts a new trace without a traceparent', async () => {
    traced = await startTracedStack({
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=s3cr%3Dt',
    });
    const { stack } = traced;
    const [first, second] = await upstreamList(stack.simulator);
    stack.resetCalls();
    await stack.gql(`{ a: number(id: "${first?.id}") { number } b: number(id: "${second?.id}") { number } accessNumbers { code } }`);
    // A malformed traceparent is ignored, as W3C Trace Context says: the request starts a trace.
    await stack.gql('{ accessNumbers { code } }', {
      headers: { traceparent: '00-not-a-trace-01' },
    });
    expect(stack.calls().sort()).toEqual(['available_access_numbers', 'info', 'info']);
    const spans = await traced.finish();

    const [cold, warm] = spans.filter((s) => s.kind === 'SERVER');
    expect([cold?.parentSpanId, warm?.parentSpanId, cold?.traceId === warm?.traceId]).toEqual(['', '', false]);
    const executions = spans.filter((s) => s.name === 'graphql.execute');
    const byName = (events: Array<{ name: string }>) => [...events].sort((a, b) => a.name.localeCompare(b.name));
    expect(executions.map((s) => [s.traceId === cold?.traceId ? 'cold' : 'warm', byName(s.events)])).toEqual([
      [
        'cold',
        [
          {
            name: 'cache.lookup',
            attributes: {
              'numbers_gateway.cache': 'reference',
              'numbers_gateway.cache.entry': 'available_access_numbers',
              'numbers_gateway.cache.result': 'miss',
            },
          },
          {
            name: 'loader.batch',
            attributes: {
              'numbers_gateway.loader': 'numberById',
              'numbers_gateway.loader.batch_size': 2,
            },
          },
        ],
      ],
      [
        'warm',
        [
          {
            name: 'cache.lookup',
            attributes: {
              'numbers_gateway.cache': 'reference',
              'numbers_gateway.cache.entry': 'available_access_numbers',
              'numbers_gateway.cache.result': 'hit',
            },
          },
        ],
      ],
    ]);
    expect(spans.filter((s) => s.kind === 'CLIENT' && s.traceId === warm?.traceId)).toEqual([]);
    expect(shapeOf(spans.filter((s) => s.traceId === cold?.traceId)).filter(([kind]) => kind === 'CLIENT')).toEqual([
      ['CLIENT', 'GET available_access_numbers', 'graphql.execute'],
      ['CLIENT', 'GET info', 'graphql.execute'],
      ['CLIENT', 'GET info', 'graphql.execute'],
    ]);
    // Anonymous operations are named by their type alone.
    expect(spans.filter((s) => s.name === 'query').map((s) => s.attributes)).toEqual([
      {
        'graphql.operation.type': 'query',
        'numbers_gateway.outcome': 'success',
        'numbers_gateway.user_errors': 0,
      },
      {
        'graphql.operation.type': 'query',
        'numbers_gateway.outcome': 'success',
        'numbers_gateway.user_errors': 0,
      },
    ]);
    // OTEL_EXPORTER_OTLP_HEADERS reached the collector, percent-decoded.
    expect(traced.receiver.exports.map((e) => e.headers['x-api-key'])).toEqual(['s3cr=t']);
  });

  it('records retries, upstream failures and the error codes of the operation', async () => {
    traced = await startTracedStack();
    const { stack } = traced;
    stack.simulator.setFaults([
      { fault: 'status=503', endpoint: 'list', times: 1 },
      { fault: 'reset', endpoint: 'available_access_numbers' },
    ]);
    const response = await stack.gql('query Shaky { numbers(first: 1) { totalCount } accessNumbers { code } }');
    expect(response.body.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_ERROR']);
    // A 404 answer (the number is null) is an error of its call, not of the operation.
    expect((await stack.gql('query Missing { number(id: "999999") { id } }')).body).toEqual({ data: { number: null } });
    const spans = await traced.finish();

    const url = stack.simulator.url;
    expect(only(spans, 'GET list').attributes).toEqual(
      clientSpan('list', url, {
        'http.response.status_code': 200,
        'http.request.resend_count': 1,
      }),
    );
    expect(only(spans, 'GET list').status).toEqual({ code: 0, message: '' });
    expect(only(spans, 'GET available_access_numbers').attributes).toEqual(
      clientSpan('available_access_numbers', url, {
        'http.request.resend_count': 2,
        'error.type': 'UNAVAILABLE',
        'numbers_gateway.upstream.error': 'UNAVAILABLE',
      }),
    );
    expect(only(spans, 'GET available_access_numbers').status).toEqual({
      code: 2,
      message: 'UNAVAILABLE',
    });
    expect(only(spans, 'GET info').attributes).toEqual(
      clientSpan('info', url, {
        'http.response.status_code': 404,
        'error.type': '404',
        'numbers_gateway.upstream.error': 'NOT_FOUND',
      }),
    );
    expect(only(spans, 'query Shaky').attributes).toEqual({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Shaky',
      'numbers_gateway.outcome': 'UPSTREAM_ERROR',
      'numbers_gateway.error_codes': ['UPSTREAM_ERROR'],
      'numbers_gateway.user_errors': 0,
    });
    expect(only(spans, 'query Shaky').status).toEqual({
      code: 2,
      message: 'UPSTREAM_ERROR',
    });
    expect([only(spans, 'query Missing').attributes['numbers_gateway.outcome'], only(spans, 'query Missing').status.code]).toEqual(['success', 0]);
    expect(spans.filter((s) => s.kind === 'SERVER').map((s) => [s.attributes['http.response.status_code'], s.status.code])).toEqual([
      [200, 0],
      [200, 0],
    ]);
  });

  it("shows a call the open circuit refused, with the breaker's state and no upstream request", async () => {
    traced = await startTracedStack({
      BREAKER_VOLUME_THRESHOLD: '2',
      BREAKER_RESET_MS: '600000',
      UPSTREAM_RETRY_LIMIT: '0',
    });
    const { stack } = traced;
    stack.simulator.setFaults([{ fault: 'status=500', endpoint: 'list' }]);
    for (let i = 0; i < 2; i += 1) await stack.gql('{ numbers(first: 1) { totalCount } }');
    stack.resetCalls();
    const refused = await stack.gql('query Refused { numbers(first: 1) { totalCount } }');
    expect([refused.body.errors?.map((e) => e.extensions?.code), stack.calls()]).toEqual([['UPSTREAM_UNAVAILABLE'], []]);
    const spans = await traced.finish();

    const operation = only(spans, 'query Refused');
    const [call, ...more] = spans.filter((s) => s.kind === 'CLIENT' && s.traceId === operation.traceId);
    expect(more).toEqual([]);
    expect([call?.attributes, call?.status]).toEqual([
      {
        ...clientSpan('list', stack.simulator.url),
        'numbers_gateway.breaker.state': 'open',
        'error.type': 'CIRCUIT_OPEN',
        'numbers_gateway.upstream.error': 'CIRCUIT_OPEN',
      },
      { code: 2, message: 'CIRCUIT_OPEN' },
    ]);
  });

  it('ends the SERVER span when the client goes away, and the operation span when the operation ends', async () => {
    // Exports every 20 ms here: the operation outlives its request, and the test waits for its span.
    traced = await startTracedStack({ OTEL_BSP_SCHEDULE_DELAY: '20' });
    const { stack, receiver } = traced;
    // 3 s: far longer than the hang-up takes even on a loaded machine, so no response has begun
    // (with 300 ms a busy CI run had the 200 headers out as the client left).
    stack.simulator.setFaults([{ fault: 'latency=3000', endpoint: 'list', times: 1 }]);
    const controller = new AbortController();
    const request = fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer demo-token-a',
      },
      body: JSON.stringify({
        query: 'query Slow { numbers(first: 1) { totalCount } }',
      }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    // Bounded wait until the simulator has taken the slow call (its fault rule is used up), then hang up.
    const rules = async () => ((await (await fetch(`${stack.simulator.url}/__simulator/faults`)).json()) as { data: { rules: unknown[] } }).data.rules;
    await eventually(async () => (await rules()).length === 0, 200, 5);
    expect(await rules()).toEqual([]);
    controller.abort();
    expect(((await request) as { name?: string }).name).toBe('AbortError');
    await eventually(() => receiver.spans().some((span) => span.name === 'query Slow'), 500, 20);
    const spans = await traced.finish();

    expect(only(spans, 'POST /graphql').attributes).toEqual({
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'url.path': '/graphql',
      'url.scheme': 'http',
      'network.protocol.version': '1.1',
      'numbers_gateway.aborted': true,
    });
    expect(shapeOf(spans).map(([kind, name, parent]) => `${kind} ${name} < ${parent}`)).toEqual([
      'CLIENT GET list < graphql.execute',
      'INTERNAL graphql.execute < query Slow',
      'INTERNAL graphql.parse < query Slow',
      'INTERNAL graphql.validate < query Slow',
      'INTERNAL query Slow < POST /graphql',
      'SERVER POST /graphql < (root)',
    ]);
    expect(only(spans, 'query Slow').attributes['numbers_gateway.outcome']).toBe('success');
  });

  it('marks the span of a read that waited for the identical read of a request in flight as shared', async () => {
    traced = await startTracedStack();
    const { stack } = traced;
    // The leader's list call takes 3 s, far longer than the follower takes to join it.
    stack.simulator.setFaults([{ fault: 'latency=3000', endpoint: 'list', times: 1 }]);
    const leader = stack.gql('query Leader { numbers(first: 1) { totalCount } }');
    const rules = async () => ((await (await fetch(`${stack.simulator.url}/__simulator/faults`)).json()) as { data: { rules: unknown[] } }).data.rules;
    expect(await eventually(async () => (await rules()).length === 0, 200, 5)).toBe(true);
    const follower = stack.gql('query Follower { numbers(first: 1) { totalCount } }');
    const waiting = async () => (await (await fetch(`${stack.gateway.url}/metrics`)).text()).includes('numbers_gateway_upstream_coalesced_waiting 1');
    expect(await eventually(waiting)).toBe(true);
    expect((await Promise.all([leader, follower])).map((r) => r.body.errors)).toEqual([undefined, undefined]);
    const spans = await traced.finish();

    const lists = spans.filter((span) => span.name === 'GET list').map((span) => span.attributes);
    expect(lists).toEqual(
      expect.arrayContaining([
        clientSpan('list', stack.simulator.url, {
          'http.response.status_code': 200,
        }),
        clientSpan('list', stack.simulator.url, {
          'numbers_gateway.upstream.shared': true,
        }),
      ]),
    );
    expect(lists).toHaveLength(2);
    expect(stack.calls()).toEqual(['list']);
  });

  it('marks a query answered by the identical query in flight with an event, and gives it no upstream span', async () => {
    traced = await startTracedStack();
    const { stack } = traced;
    stack.simulator.setFaults([{ fault: 'latency=3000', endpoint: 'list', times: 1 }]);
    const query = 'query Same { numbers(first: 1) { totalCount } }';
    const leader = stack.gql(query);
    const rules = async () => ((await (await fetch(`${stack.simulator.url}/__simulator/faults`)).json()) as { data: { rules: unknown[] } }).data.rules;
    expect(await eventually(async () => (await rules()).length === 0, 200, 5)).toBe(true);
    const follower = stack.gql(query);
    const waiting = async () => (await (await fetch(`${stack.gateway.url}/metrics`)).text()).includes('numbers_gateway_upstream_coalesced_waiting 1');
    expect(await eventually(waiting)).toBe(true);
    expect((await Promise.all([leader, follower])).map((r) => r.body.errors)).toEqual([undefined, undefined]);
    const spans = await traced.finish();

    expect(spans.filter((span) => span.name === 'GET list')).toHaveLength(1);
    expect(spans.filter((span) => span.name === 'graphql.execute')).toHaveLength(1);
    const events = spans.flatMap((span) => span.events.filter((event) => event.name === 'operation.shared'));
    expect(events).toEqual([{ name: 'operation.shared', attributes: { 'numbers_gateway.upstream.shared_reads': 1 } }]);
    expect(stack.calls()).toEqual(['list']);
  });

  it('traces requests Apollo refuses or never sees: a parse failure and an oversized body', async () => {
    traced = await startTracedStack({ BODY_LIMIT_BYTES: '1024' });
    const { stack } = traced;
    expect((await stack.gql('{ numbers(')).status).toBe(400);
    expect((await stack.gql(`{ accessNumbers { code } } # ${'x'.repeat(2000)}`)).status).toBe(413);
    const spans = await traced.finish();

    const [parseFailure, tooLarge] = spans
      .filter((s) => s.kind === 'SERVER')
      .sort((a, b) => Number(a.attributes['http.response.status_code']) - Number(b.attributes['http.response.status_code']));
    expect(shapeOf(spans.filter((s) => s.traceId === parseFailure?.traceId))).toEqual([
      ['INTERNAL', 'GraphQL Operation', 'POST /graphql'],
      ['INTERNAL', 'graphql.parse', 'GraphQL Operation'],
      ['SERVER', 'POST /graphql', '(root)'],
    ]);
    expect(only(spans, 'graphql.parse').status).toEqual({
      code: 2,
      message: '',
    });
    expect(only(spans, 'GraphQL Operation').attributes).toEqual({
      'numbers_gateway.outcome': 'GRAPHQL_PARSE_FAILED',
      'numbers_gateway.error_codes': ['GRAPHQL_PARSE_FAILED'],
      'numbers_gateway.user_errors': 0,
    });
    expect(spans.filter((s) => s.traceId === tooLarge?.traceId).map((s) => [s.name, s.attributes['http.response.status_code']])).toEqual([
      ['POST /graphql', 413],
    ]);
  });
});
