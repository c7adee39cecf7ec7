import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has documented defaults: embedded simulator, port 4000, GraphiQL and introspection in development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 4000,
      upstream: { url: undefined, timeoutMs: 5000, retryLimit: 2 },
      planner: { listRatio: 30, infoConcurrency: 8 },
      graphiql: true,
      introspection: true,
    });
  });

  it('turns GraphiQL and introspection off in production unless enabled', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      graphiql: false,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION_ENABLED: 'true' })).toMatchObject({ introspection: true });
  });

  it('coalesces identical upstream reads in flight unless UPSTREAM_COALESCE=off', () => {
    expect(loadConfig({}).upstream.coalesce).toBe(true);
    expect(loadConfig({ UPSTREAM_COALESCE: 'on' }).upstream.coalesce).toBe(true);
    expect(loadConfig({ UPSTREAM_COALESCE: 'off' }).upstream.coalesce).toBe(false);
    expect(() => loadConfig({ UPSTREAM_COALESCE: 'yes' })).toThrow(/UPSTREAM_COALESCE="yes": must be on or off/);
  });

  it('strips a trailing slash from UPSTREAM_URL', () => {
    expect(loadConfig({ UPSTREAM_URL: 'https://api.example.test/' }).upstream.url).toBe('https://api.example.test');
  });

  it.each([
    ['PORT', 'eighty'],
    ['UPSTREAM_URL', 'ftp://files.example.test'],
    ['UPSTREAM_URL', 'https://api.example.test/api/v2'],
    ['UPSTREAM_TIMEOUT_MS', '0'],
    ['NODE_ENV', 'staging'],
    ['GRAPHIQL_ENABLED', 'yes'],
    ['UPSTREAM_COALESCE', 'yes'],
  ])('fails at start naming %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}="${value.replace(/[./]/g, '\\$&')}"`));
  });
});

describe('loadConfig error messages', () => {
  it('never echo a password inside a bad URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://user:s3cret@cache:6379' })).toThrow(/REDIS_URL="http:\/\/\*\*\*@cache:6379"/);
    expect(() => loadConfig({ REDIS_URL: 'http://user:s3cret@cache:6379' })).not.toThrow(/s3cret/);
  });
});

describe('loadConfig blank values', () => {
  it('treats a blank value as unset instead of 0', () => {
    expect(
      loadConfig({
        PORT: ' ',
        RATE_LIMIT_PER_MINUTE: '  ',
        UPSTREAM_URL: 'https://api.example.test',
      }),
    ).toMatchObject({
      port: 4000,
      rateLimit: { perMinute: 600 },
    });
  });

  it('masks a password that itself contains @', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://:p@ss@host:99999' })).not.toThrow(/ss@/);
  });
});
