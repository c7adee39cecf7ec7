import { afterEach, describe, expect, it } from '@jest/globals';
import { GatewayMetrics, MAX_OPERATION_LABELS } from '../../src/observability/metrics.js';
import { startStack, upstreamList, type Stack } from '../helpers/stack.js';
import { parseMetrics, scrape, seriesOf } from './metrics-text.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function post(s: Stack, body: string, token = 'demo-token-a'): Promise<number> {
  const response = await fetch(`${s.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  await response.text();
  return response.status;
}

describe('GET /metrics', () => {
  it('counts requests, upstream calls, batches and cache lookups of known traffic exactly', async () => {
    stack = await startStack();
    const [first, second] = await upstreamList(stack.simulator);

    await stack.gql('query Dashboard { numbers(first: 2) { totalCount } }');
    await stack.gql('query Dashboard { numbers(first: 2) { totalCount } }');
    await stack.gql('{ accessNumbers { code } }');
    await stack.gql('{ accessNumbers { code } }');
    await stack.gql('query Two($a: ID!, $b: ID!) { a: number(id: $a) { id } b: number(id: $b) { id } }', {
      variables: { a: String(first?.id), b: String(second?.id) },
    });
    await stack.gql('query Who { numbers(first: 1) { totalCount } }', { token: 'not-a-real-token' });
    await stack.gql('mutation Bad { createNumber(input: { number: "12ab" }) { userErrors { code } } }');
    await stack.gql('{ numbers(');
    const apq = JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect(await post(stack, apq)).toBe(200);
    expect(await post(stack, '{"query": ')).toBe(400);

    const samples = await scrape(stack.gateway.url);
    expect(seriesOf(samples, 'numbers_gateway_graphql_requests_total')).toEqual({
      'operation=Dashboard,outcome=success,client=unknown': 2,
      'operation=anonymous,outcome=success,client=unknown': 2,
      'operation=Two,outcome=success,client=unknown': 1,
      'operation=Who,outcome=UNAUTHENTICATED,client=unknown': 1,
      'operation=Bad,outcome=user_error,client=unknown': 1,
      'operation=unknown,outcome=GRAPHQL_PARSE_FAILED,client=unknown': 1,
      'operation=unknown,outcome=PERSISTED_QUERY_NOT_FOUND,client=unknown': 1,
      'operation=unknown,outcome=BAD_REQUEST,client=unknown': 1,
    });
    expect(seriesOf(samples, 'numbers_gateway_graphql_request_duration_seconds_count')).toEqual({
      'operation=Dashboard': 2,
      'operation=anonymous': 2,
      'operation=Two': 1,
      'operation=Who': 1,
      'operation=Bad': 1,
      'operation=unknown': 3,
    });
    expect(seriesOf(samples, 'numbers_gateway_upstream_requests_total')).toEqual({
      'endpoint=list,status=200': 2,
      'endpoint=list,status=401': 1,
      'endpoint=available_access_numbers,status=200': 1,
      'endpoint=info,status=200': 2,
    });
    expect(seriesOf(samples, 'numbers_gateway_upstream_request_duration_seconds_count')).toEqual({
      'endpoint=list': 3,
      'endpoint=available_access_numbers': 1,
      'endpoint=info': 2,
    });
    expect(seriesOf(samples, 'numbers_gateway_loader_batch_size_count')).toEqual({ 'loader=numberById': 1 });
    expect(seriesOf(samples, 'numbers_gateway_loader_batch_size_sum')).toEqual({ 'loader=numberById': 2 });
    expect(seriesOf(samples, 'numbers_gateway_cache_lookups_total')).toEqual({
      'cache=reference,result=miss': 1,
      'cache=reference,result=hit': 1,
      'cache=apq,result=miss': 1,
      // Each request with a credential asks whether the upstream refused it recently.
      'cache=refused,result=miss': 10,
    });
    expect(seriesOf(samples, 'numbers_gateway_upstream_circuit_state')).toEqual({
      'state=closed': 1,
      'state=open': 0,
      'state=half-open': 0,
    });
    // Default process metrics come along.
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('never puts a token, an id or a document into a label', async () => {
    stack = await startStack();
    const [number] = await upstreamList(stack.simulator);
    await stack.gql(`{ number(id: "${number?.id}") { id } }`);
    await stack.gql('query Who { numbers(first: 1) { totalCount } }', { token: 'secret-token-xyz' });
    const text = await (await fetch(`${stack.gateway.url}/metrics`)).text();
    const values = parseMetrics(text).flatMap((s) => Object.values(s.labels));
    expect(text).not.toContain('secret-token-xyz');
    expect(text).not.toContain('demo-token-a');
    expect(values).not.toContain(String(number?.id));
    expect(values.filter((v) => v.includes('{'))).toEqual([]);
  });

  it('reports the breaker state it is given', async () => {
    const metrics = new GatewayMetrics();
    metrics.observeBreaker(() => 'open');
    const samples = parseMetrics(await metrics.render());
    expect(seriesOf(samples, 'numbers_gateway_upstream_circuit_state')).toEqual({ 'state=closed': 0, 'state=open': 1, 'state=half-open': 0 });
  });

  it('keeps the first 200 operation names and counts later ones as "other"', async () => {
    const metrics = new GatewayMetrics();
    for (let i = 0; i < MAX_OPERATION_LABELS + 5; i++) metrics.graphqlRequest({ operationName: `Op${i}`, outcome: 'success', seconds: 0.01 });
    metrics.graphqlRequest({ operationName: 'Op0', outcome: 'success', seconds: 0.01 });
    metrics.graphqlRequest({ operationName: 'Op1', outcome: 'SOME_NEW_CODE', seconds: 0.01 });
    const series = seriesOf(parseMetrics(await metrics.render()), 'numbers_gateway_graphql_requests_total');
    expect(Object.keys(series)).toHaveLength(MAX_OPERATION_LABELS + 2);
    expect(series['operation=other,outcome=success,client=unknown']).toBe(5);
    expect(series['operation=Op0,outcome=success,client=unknown']).toBe(2);
    expect(series['operation=Op1,outcome=SOME_NEW_CODE,client=unknown']).toBe(1);
  });
});
