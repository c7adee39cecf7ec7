import { describe, expect, it } from '@jest/globals';
import { startBanner } from '../../src/banner.js';
import { loadConfig } from '../../src/config.js';

/** The start-up banner says what is served, and names the variable for what is off. */

const URLS = { graphql: 'http://127.0.0.1:4000/graphql', simulator: 'http://127.0.0.1:4100' };

function line(lines: string[], label: string): string | undefined {
  return lines.find((l) => l.trimStart().startsWith(label))?.trim();
}

describe('the start-up banner', () => {
  it('in development offers GraphiQL and says introspection is on and CORS is not', () => {
    const lines = startBanner(loadConfig({ NODE_ENV: 'development' }), URLS);
    expect(line(lines, 'GraphiQL')).toBe('GraphiQL           http://127.0.0.1:4000/graphql  (open in a browser)');
    expect(line(lines, 'Introspection')).toBe('Introspection      on');
    expect(line(lines, 'CORS origins')).toBe('CORS origins       none  (CORS_ORIGINS lists web apps on other origins)');
    expect(line(lines, 'Upstream')).toBe('Upstream           embedded REST v2 simulator at http://127.0.0.1:4100/api/v2/');
  });

  it('with NODE_ENV=production never offers GraphiQL, and names the variables that turn things on', () => {
    const lines = startBanner(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' }), URLS);
    expect(lines.join('\n')).not.toContain('open in a browser');
    expect(line(lines, 'GraphiQL')).toBe('GraphiQL           off  (GRAPHIQL_ENABLED=true serves it)');
    expect(line(lines, 'Introspection')).toBe('Introspection      off  (INTROSPECTION_ENABLED=true turns it on)');
    expect(line(lines, 'CORS origins')).toBe('CORS origins       https://app.example.com');
  });

  it('follows GRAPHIQL_ENABLED and INTROSPECTION_ENABLED over NODE_ENV', () => {
    const lines = startBanner(loadConfig({ NODE_ENV: 'production', GRAPHIQL_ENABLED: 'true', INTROSPECTION_ENABLED: 'true' }), { graphql: URLS.graphql });
    expect(line(lines, 'GraphiQL')).toBe('GraphiQL           http://127.0.0.1:4000/graphql  (open in a browser)');
    expect(line(lines, 'Introspection')).toBe('Introspection      on');
    expect(line(lines, 'Upstream')).toBeUndefined();
  });
});
