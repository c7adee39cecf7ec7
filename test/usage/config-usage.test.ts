import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ManifestError } from '../../src/governance/trusted-documents/manifest.js';
import { createGateway } from '../../src/server.js';

describe('loadConfig: client awareness and the usage ledger', () => {
  it('defaults to 30 days of usage, a flush every 5 s and no listed client names', () => {
    expect(loadConfig({}).usage).toEqual({ retentionDays: 30, flushIntervalMs: 5000, clientNames: [] });
  });

  it('reads the registry folder, the client names and the ledger settings', () => {
    const config = loadConfig({
      PERSISTED_DOCUMENTS_DIR: '/app/clients',
      PERSISTED_DOCUMENTS_MODE: 'safelist',
      CLIENT_NAMES: ' ios-app, web ,android-app ',
      USAGE_RETENTION_DAYS: '90',
      USAGE_FLUSH_INTERVAL_MS: '1000',
    });
    expect(config.governance.persistedDocuments).toEqual({ file: undefined, dir: '/app/clients', mode: 'safelist' });
    expect(config.usage).toEqual({ retentionDays: 90, flushIntervalMs: 1000, clientNames: ['ios-app', 'web', 'android-app'] });
  });

  it.each([
    [{ CLIENT_NAMES: 'ios app' }, /CLIENT_NAMES="ios app": comma-separated client names/],
    [{ USAGE_RETENTION_DAYS: '0' }, /USAGE_RETENTION_DAYS="0"/],
    [{ USAGE_FLUSH_INTERVAL_MS: 'soon' }, /USAGE_FLUSH_INTERVAL_MS="soon"/],
    [
      { PERSISTED_DOCUMENTS_MODE: 'safelist' },
      /PERSISTED_DOCUMENTS_FILE="": required when PERSISTED_DOCUMENTS_MODE=safelist \(or PERSISTED_DOCUMENTS_DIR, a client registry\)/,
    ],
  ])('fails at start on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'registry-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the client registry at start', () => {
  it('stops the start, naming the file, when a registered operation no longer validates', async () => {
    const query = '{ numbers(first: 1) { noSuchField } }';
    const { createHash } = await import('node:crypto');
    mkdirSync(join(dir, 'ios-app'));
    writeFileSync(join(dir, 'ios-app', '3.2.0.json'), JSON.stringify({ [`sha256:${createHash('sha256').update(query).digest('hex')}`]: query }));
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      UPSTREAM_URL: 'http://127.0.0.1:9',
      PERSISTED_DOCUMENTS_DIR: dir,
      PERSISTED_DOCUMENTS_MODE: 'safelist',
      GRAPHIQL_ENABLED: 'false',
    });
    const gateway = createGateway(config, { upstreamUrl: 'http://127.0.0.1:9', logger: pino({ level: 'silent' }) });
    const started = gateway.start();
    await expect(started).rejects.toThrow(ManifestError);
    await expect(started).rejects.toThrow(`client registry: ${join(dir, 'ios-app', '3.2.0.json')}`);
    // Nothing listens: the process (src/index.ts) exits on a failed start, so there is nothing to stop.
    expect(gateway.url).toBe('');
  });
});
