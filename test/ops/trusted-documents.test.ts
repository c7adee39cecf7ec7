import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startGatewayProcess, startProcess, startSimulatorProcess, type Proc } from './processes.js';

/**
 * Trusted documents as deployed: the gateway process reads the manifest at start, refuses to
 * start on a broken one, and in safelist mode serves the listed documents only.
 */
jest.setTimeout(90_000);

const CLIENT_MANIFEST = fileURLToPath(new URL('../client/generated/persisted-documents.json', import.meta.url));
const listed = Object.entries(JSON.parse(readFileSync(CLIENT_MANIFEST, 'utf8')) as Record<string, string>);
const [dashboardId = '', dashboard = ''] = listed.find(([, body]) => body.includes('ClientNumbersDashboard')) ?? [];

const dir = mkdtempSync(join(tmpdir(), 'trusted-ops-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

let simulator: { proc: Proc; url: string };
beforeAll(async () => {
  simulator = await startSimulatorProcess();
});
afterAll(async () => {
  await simulator?.proc.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the gateway's real entry point and waits for it to exit; its code and output. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const proc = startProcess('gateway', process.execPath, ['--import', '@swc-node/register/esm-register', 'src/index.ts'], {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    UPSTREAM_URL: simulator.url,
    ...env,
  });
  const [code] = (await once(proc.child, 'exit')) as [number | null];
  return { code, output: proc.output() };
}

describe('the manifest at start-up', () => {
  it('stops the start, naming the entry, when an id does not match its document', async () => {
    const path = file('tampered.json', { [dashboardId]: dashboard.replace('totalCount', 'totalCount __typename') });
    const { code, output } = await failedStart({ PERSISTED_DOCUMENTS_FILE: path, PERSISTED_DOCUMENTS_MODE: 'safelist' });
    expect(code).toBe(1);
    expect(output).toContain(
      `numbers-gateway failed to start: PERSISTED_DOCUMENTS_FILE=${path}: 1 of 1 entries are unusable:\n  "${dashboardId}": the id does not match its document`,
    );
    expect(output).not.toContain('listening');
  });

  it('stops the start on a file that is not JSON, and on safelist mode without a file', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"sha256:');
    expect(await failedStart({ PERSISTED_DOCUMENTS_FILE: broken, PERSISTED_DOCUMENTS_MODE: 'allow' })).toMatchObject({
      code: 1,
      output: expect.stringContaining(`PERSISTED_DOCUMENTS_FILE=${broken}: is not valid JSON`),
    });
    expect(await failedStart({ PERSISTED_DOCUMENTS_MODE: 'safelist' })).toMatchObject({
      code: 1,
      output: expect.stringContaining('PERSISTED_DOCUMENTS_FILE="": required when PERSISTED_DOCUMENTS_MODE=safelist'),
    });
  });
});

describe('a replica in safelist mode with an Apollo manifest', () => {
  let gateway: { proc: Proc; url: string };
  beforeAll(async () => {
    const path = file('apollo.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: listed.map(([id, body]) => ({
        id: id.replace('sha256:', ''),
        name: /(?:query|mutation) (\w+)/.exec(body)?.[1],
        type: body.split(' ')[0],
        body,
      })),
    });
    gateway = await startGatewayProcess('gateway', { UPSTREAM_URL: simulator.url, PERSISTED_DOCUMENTS_FILE: path, PERSISTED_DOCUMENTS_MODE: 'safelist' });
  });
  afterAll(() => gateway?.proc.stop());

  const post = async (payload: Record<string, unknown>) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as { data?: { numbers?: { nodes: unknown[] } }; errors?: Array<{ extensions?: { code?: string } }> };
    return { status: response.status, nodes: body.data?.numbers?.nodes.length, codes: body.errors?.map((e) => e.extensions?.code) };
  };

  it('logs how many documents it trusts, serves them by id and refuses anything else', async () => {
    await gateway.proc.waitFor(new RegExp(`"mode":"safelist","documents":${listed.length},"msg":"trusted documents loaded"`));
    expect(await post({ documentId: dashboardId, variables: { first: 4 } })).toEqual({ status: 200, nodes: 4, codes: undefined });
    expect(await post({ query: '{ numbers(first: 4) { nodes { id } } }' })).toEqual({ status: 400, nodes: undefined, codes: ['QUERY_NOT_IN_SAFELIST'] });
    expect(await post({ extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } })).toEqual({
      status: 400,
      nodes: undefined,
      codes: ['PERSISTED_QUERY_NOT_IN_LIST'],
    });
  });
});
