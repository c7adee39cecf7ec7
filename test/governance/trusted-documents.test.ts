import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { scrape, seriesOf } from '../ops/metrics-text.js';
import { splitCost, startStack, type Stack } from '../helpers/stack.js';

/**
 * Trusted documents over real HTTP, with the manifest the client preset generates from
 * test/client/ (codegen.client.yml) and the same documents in Apollo's manifest format.
 */

const CLIENT_MANIFEST = fileURLToPath(new URL('../client/generated/persisted-documents.json', import.meta.url));
const listed = Object.entries(JSON.parse(readFileSync(CLIENT_MANIFEST, 'utf8')) as Record<string, string>);
const byName = (name: string) => {
  const entry = listed.find(([, body]) => body.includes(` ${name}(`));
  if (!entry) throw new Error(`${name} is not in ${CLIENT_MANIFEST}`);
  return { documentId: entry[0], hash: entry[0].replace(/^sha256:/, ''), body: entry[1] };
};
const DASHBOARD = byName('ClientNumbersDashboard');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const FREE_FORM = '{ numbers(first: 2) { totalCount } }';

const dir = mkdtempSync(join(tmpdir(), 'trusted-'));
const APOLLO_MANIFEST = join(dir, 'apollo-manifest.json');
writeFileSync(
  APOLLO_MANIFEST,
  JSON.stringify({
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: listed.map(([id, body]) => ({
      id: id.replace(/^sha256:/, ''),
      name: /(?:query|mutation) (\w+)/.exec(body)?.[1],
      type: body.split(' ')[0],
      body,
    })),
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function post(stack: Stack, payload: Record<string, unknown>) {
  const response = await fetch(`${stack.gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
    body: JSON.stringify(payload),
  });
  const { body, cost } = splitCost(
    (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }>; extensions?: Record<string, unknown> },
  );
  return { status: response.status, body, cost };
}

const codes = (answer: Awaited<ReturnType<typeof post>>) => [answer.status, answer.body.errors?.map((e) => e.extensions?.code)];
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe.each([
  ['client-preset', CLIENT_MANIFEST],
  ["Apollo's", APOLLO_MANIFEST],
])('safelist mode with the %s manifest', (_format, manifest) => {
  let stack: Stack;
  let expected: Awaited<ReturnType<typeof post>>['body'];
  beforeAll(async () => {
    stack = await startStack({ env: { PERSISTED_DOCUMENTS_FILE: manifest, PERSISTED_DOCUMENTS_MODE: 'safelist', RATE_LIMIT_PER_MINUTE: '0' } });
    // The listed text itself is in the safelist: what serving by id must answer.
    expected = (await post(stack, { query: DASHBOARD.body, variables: { first: 2 } })).body;
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.resetCalls());

  it('serves a listed document by documentId, with its data and its upstream calls', async () => {
    const answer = await post(stack, { documentId: DASHBOARD.documentId, variables: { first: 2 } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expected);
    expect((answer.body.data as { numbers: { nodes: unknown[] } }).numbers.nodes).toHaveLength(2);
    expect(stack.calls()).toEqual(['list']);
  });

  it('serves it by its APQ hash, and by GET with ?documentId=', async () => {
    expect((await post(stack, { extensions: apq(DASHBOARD.hash), variables: { first: 2 } })).body).toEqual(expected);
    const search = new URLSearchParams({ documentId: DASHBOARD.documentId, variables: JSON.stringify({ first: 2 }) });
    const response = await fetch(`${stack.gateway.url}/graphql?${search}`, {
      headers: { authorization: 'Bearer demo-token-a', 'apollo-require-preflight': 'true' },
    });
    expect([response.status, splitCost((await response.json()) as Record<string, unknown>).body]).toEqual([200, expected]);
  });

  it('refuses a free-form document with QUERY_NOT_IN_SAFELIST before any upstream call', async () => {
    const answer = await post(stack, { query: FREE_FORM });
    expect(answer.body).toEqual({
      errors: [
        {
          message:
            'Only trusted documents run on this gateway: send the id of a document from its manifest (documentId or extensions.persistedQuery.sha256Hash).',
          extensions: { code: 'QUERY_NOT_IN_SAFELIST' },
        },
      ],
    });
    expect([answer.status, answer.cost]).toEqual([400, { estimated: 0, actual: 0, limit: 25 }]);
    expect(stack.calls()).toEqual([]);
  });

  it('refuses an unknown id with PERSISTED_QUERY_NOT_IN_LIST, by documentId and by APQ hash alike', async () => {
    expect(codes(await post(stack, { documentId: `sha256:${sha256(FREE_FORM)}` }))).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
    expect(codes(await post(stack, { extensions: apq(sha256(FREE_FORM)) }))).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
    expect(codes(await post(stack, { documentId: 'ClientNumbersDashboard' }))).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
    expect(stack.calls()).toEqual([]);
  });

  it('never lets APQ register a document the manifest does not list', async () => {
    expect(codes(await post(stack, { query: FREE_FORM, extensions: apq(sha256(FREE_FORM)) }))).toEqual([400, ['QUERY_NOT_IN_SAFELIST']]);
    expect(codes(await post(stack, { extensions: apq(sha256(FREE_FORM)) }))).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
    expect(stack.calls()).toEqual([]);
  });

  it('refuses a listed id sent with another document', async () => {
    expect(codes(await post(stack, { documentId: DASHBOARD.documentId, query: FREE_FORM }))).toEqual([400, ['BAD_REQUEST']]);
    expect(codes(await post(stack, { query: DASHBOARD.body, variables: { first: 2 }, extensions: apq(sha256(FREE_FORM)) }))).toEqual([400, ['BAD_REQUEST']]);
    expect(stack.calls()).toEqual([]);
  });

  it('counts served and refused documents in /metrics', async () => {
    const series = seriesOf(await scrape(stack.gateway.url), 'numbers_gateway_persisted_documents_total');
    // Served: beforeAll's listed text; 3 by id (documentId, APQ hash, GET). Refused: the
    // free-form document and the APQ registration by text; 3 unknown ids, the unregistered
    // hash and the 2 mismatches by id.
    expect(series).toEqual({
      'result=served,via=document': 1,
      'result=served,via=id': 3,
      'result=refused,via=document': 2,
      'result=refused,via=id': 6,
    });
  });
});

describe('allow mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PERSISTED_DOCUMENTS_FILE: CLIENT_MANIFEST, PERSISTED_DOCUMENTS_MODE: 'allow', RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => stack.close());

  it('serves listed ids, free-form documents and APQ as before', async () => {
    expect(codes(await post(stack, { documentId: DASHBOARD.documentId, variables: { first: 1 } }))).toEqual([200, undefined]);
    expect(codes(await post(stack, { query: FREE_FORM }))).toEqual([200, undefined]);
    expect(codes(await post(stack, { query: FREE_FORM, extensions: apq(sha256(FREE_FORM)) }))).toEqual([200, undefined]);
    expect(codes(await post(stack, { extensions: apq(sha256(FREE_FORM)) }))).toEqual([200, undefined]);
    const unregistered = '{ numbers(first: 3) { totalCount } }';
    expect(codes(await post(stack, { extensions: apq(sha256(unregistered)) }))).toEqual([200, ['PERSISTED_QUERY_NOT_FOUND']]);
  });

  it('refuses a documentId the manifest does not list', async () => {
    expect(codes(await post(stack, { documentId: `sha256:${sha256(FREE_FORM)}` }))).toEqual([400, ['PERSISTED_QUERY_NOT_IN_LIST']]);
  });
});

describe('off mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
  });
  afterAll(() => stack.close());

  it('says it serves no persisted documents when only a documentId is sent', async () => {
    const answer = await post(stack, { documentId: DASHBOARD.documentId, variables: { first: 1 } });
    expect(answer.body.errors).toEqual([
      { message: 'This gateway serves no persisted documents: send the document as `query`.', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } },
    ]);
    expect(answer.status).toBe(400);
  });
});
