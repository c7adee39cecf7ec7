import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: operation governance', () => {
  it('defaults to 25 upstream calls per operation, no upstream-call budget and no trusted documents', () => {
    expect(loadConfig({}).governance).toEqual({ maxUpstreamCalls: 25, upstreamCallsPerMinute: 0, persistedDocuments: { file: undefined, mode: 'off' } });
  });

  it('reads the limit, the budget and the manifest', () => {
    const config = loadConfig({
      LIMIT_MAX_UPSTREAM_CALLS: '40',
      RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE: '1200',
      PERSISTED_DOCUMENTS_FILE: '/app/persisted-documents.json',
      PERSISTED_DOCUMENTS_MODE: 'safelist',
    });
    expect(config.governance).toEqual({
      maxUpstreamCalls: 40,
      upstreamCallsPerMinute: 1200,
      persistedDocuments: { file: '/app/persisted-documents.json', mode: 'safelist' },
    });
  });

  it.each([
    [{ LIMIT_MAX_UPSTREAM_CALLS: '0' }, /LIMIT_MAX_UPSTREAM_CALLS="0"/],
    [{ RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE: '-1' }, /RATE_LIMIT_UPSTREAM_CALLS_PER_MINUTE="-1"/],
    [{ PERSISTED_DOCUMENTS_MODE: 'strict', PERSISTED_DOCUMENTS_FILE: '/m.json' }, /PERSISTED_DOCUMENTS_MODE="strict"/],
    [{ PERSISTED_DOCUMENTS_MODE: 'allow' }, /PERSISTED_DOCUMENTS_FILE="": required when PERSISTED_DOCUMENTS_MODE=allow/],
  ])('fails at start on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
