import { afterEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { scrape, seriesOf } from './metrics-text.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own listener only, and the GraphQL port answers 404 for it', async () => {
    stack = await startStack({ env: { METRICS_PORT: '0' } });
    const { url, metricsUrl } = stack.gateway;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(url);

    await stack.gql('query Counted { numbers(first: 1) { totalCount } }');
    const samples = await scrape(metricsUrl!);
    expect(seriesOf(samples, 'numbers_gateway_graphql_requests_total')).toEqual({ 'operation=Counted,outcome=success,client=unknown': 1 });

    const publicScrape = await fetch(`${url}/metrics`);
    expect([publicScrape.status, await publicScrape.json()]).toEqual([404, { error: 'not found', see: '/graphql' }]);
    for (const path of ['/graphql', '/health/live', '/metrics/x']) {
      const other = await fetch(`${metricsUrl}${path}`);
      expect([path, other.status]).toEqual([path, 404]);
      await other.text();
    }
    const posted = await fetch(`${metricsUrl}/metrics`, { method: 'POST' });
    expect(posted.status).toBe(404);
    await posted.text();
  });

  it('is closed with the gateway', async () => {
    const started = await startStack({ env: { METRICS_PORT: '0' } });
    const { metricsUrl } = started.gateway;
    const scraped = await fetch(`${metricsUrl}/metrics`);
    expect(scraped.status).toBe(200);
    await scraped.text();
    await started.close();
    await expect(fetch(`${metricsUrl}/metrics`)).rejects.toThrow();
  });

  it('leaves /metrics on the GraphQL port when unset', async () => {
    stack = await startStack();
    expect(stack.gateway.metricsUrl).toBeUndefined();
    const scraped = await fetch(`${stack.gateway.url}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('numbers_gateway_upstream_circuit_state');
  });

  it('must differ from PORT and be a port number', () => {
    expect(loadConfig({ PORT: '4000', METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadConfig({ PORT: '4000', METRICS_PORT: '4000' })).toThrow(
      new ConfigError('invalid configuration:\n  METRICS_PORT="4000": must differ from PORT'),
    );
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT="70000"/);
  });
});
