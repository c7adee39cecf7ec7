import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProcess, type Proc } from '../ops/processes.js';

/**
 * The documentation's commands run as a newcomer would run them: every shell block marked
 *
 *   <!-- runnable expect="text the output must contain" -->
 *   ```sh
 *
 * (prettier may put one blank line between the two)
 *
 * in README.md and docs/ runs in bash (`set -euo pipefail`) against a gateway started here
 * through the real entry point with the embedded simulator, as `npm start` starts it. The
 * blocks are written for the documented address, http://127.0.0.1:4000; that text is replaced
 * by this gateway's address (it listens on a free port). A block must exit 0 and print its
 * `expect` text, within a bounded time.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCUMENTED_ADDRESS = 'http://127.0.0.1:4000';
const BLOCK_TIMEOUT_MS = 15_000;
const MARKER = /<!-- runnable(?: expect="((?:[^"\\]|\\.)*)")? -->\n\n?(```sh\n([\s\S]*?)\n```)?/g;

interface Runnable {
  where: string;
  expect: string | undefined;
  script: string | undefined;
}

const pages = [
  'README.md',
  ...readdirSync(resolve(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

const runnables: Runnable[] = pages.flatMap((page) => {
  const text = readFileSync(resolve(ROOT, page), 'utf8');
  return [...text.matchAll(MARKER)].map((m) => ({
    where: `${page}:${text.slice(0, m.index).split('\n').length}`,
    expect: m[1]?.replace(/\\(.)/g, '$1'),
    script: m[3],
  }));
});

function run(script: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${script}`], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

let gateway: Proc;
let address = '';

beforeAll(async () => {
  gateway = startProcess(
    'gateway',
    process.execPath,
    ['--import', '@swc-node/register/esm-register', 'src/index.ts'],
    {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
    },
    { cwd: ROOT },
  );
  const [, graphql] = await gateway.waitFor(/GraphQL endpoint\s+(http:\/\/\S+)\/graphql/);
  address = graphql ?? '';
}, 40_000);

afterAll(async () => {
  expect(await gateway.stop()).toBe(0);
});

describe('runnable documentation', () => {
  it('has runnable blocks in the README, each a sh block that says what it prints', () => {
    expect(runnables.filter((r) => r.where.startsWith('README.md:')).length).toBeGreaterThan(0);
    expect(runnables.filter((r) => r.script === undefined || r.expect === undefined || r.expect === '').map((r) => r.where)).toEqual([]);
    expect(runnables.filter((r) => !r.script!.includes(DOCUMENTED_ADDRESS)).map((r) => r.where)).toEqual([]);
  });

  it.each(runnables.map((r) => [r.where, r] as const))('%s runs and prints what it says', async (_where, runnable) => {
    const { code, output } = await run(runnable.script!.replaceAll(DOCUMENTED_ADDRESS, address));
    expect({
      code,
      printsExpected: output.includes(runnable.expect!),
      output,
    }).toEqual({ code: 0, printsExpected: true, output });
  });
});
