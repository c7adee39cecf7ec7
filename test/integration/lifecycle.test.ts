import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close().catch(() => undefined);
  stack = undefined;
});

describe('health', () => {
  it('is live, and ready only while the upstream answers', async () => {
    stack = await startStack();
    const live = await fetch(`${stack.gateway.url}/health/live`);
    expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${stack.gateway.url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', checks: { upstream: 'ok' } }]);

    await stack.simulator.close();
    // Readiness answers are shared and remembered for a second (a public path must not
    // become upstream load), so the change shows after that.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const down = await fetch(`${stack.gateway.url}/health/ready`);
    expect([down.status, await down.json()]).toEqual([503, { status: 'unavailable', checks: { upstream: 'down' } }]);
  });

  it('answers unknown paths with 404 JSON', async () => {
    stack = await startStack();
    const response = await fetch(`${stack.gateway.url}/nope`);
    expect([response.status, await response.json()]).toEqual([404, { error: 'not found', see: '/graphql' }]);
  });
});

/** Resolves once the simulator has taken the call a counted fault rule waits for. */
async function upstreamCallStarted({ simulator }: Stack): Promise<void> {
  for (;;) {
    const answer = (await (await fetch(`${simulator.url}/__simulator/faults`)).json()) as { data: { rules: unknown[] } };
    if (answer.data.rules.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('graceful shutdown', () => {
  it('finishes an in-flight request before stopping', async () => {
    stack = await startStack();
    stack.simulator.setFaults([{ fault: 'latency=1000', endpoint: 'available_access_numbers', times: 1 }]);
    const inFlight = stack.gql<{ accessNumbers: unknown[] }>('{ accessNumbers { code } }');
    // Stop once the upstream has the call (its fault rule is used up), not after a fixed sleep:
    // on a busy machine the request may not even have reached the gateway after 100 ms, and
    // stop() would then refuse it instead of finishing it.
    await upstreamCallStarted(stack);
    const stopped = stack.gateway.stop();
    const { status, body } = await inFlight;
    await stopped;
    expect(status).toBe(200);
    expect(body.data?.accessNumbers).toHaveLength(12);
    await expect(fetch(`${stack.gateway.url}/health/live`)).rejects.toThrow();
    await stack.simulator.close();
    stack = undefined;
  });
});

describe('npm start (embedded simulator)', () => {
  it('answers the README query with a demo token, then exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/index.ts'], {
      env: { ...process.env, PORT: '0', NODE_ENV: 'development', LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Never leave the child behind, whatever the assertions do.
    const reap = () => child.exitCode === null && child.kill('SIGKILL');
    process.once('exit', reap);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reap();
        reject(new Error(`no URL printed:\n${output}`));
      }, 45_000);
      child.stdout.on('data', () => {
        const match = /GraphQL endpoint\s+(\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify({ query: '{ numbers(first: 5) { totalCount nodes { number } } }' }),
    });
    const body = (await response.json()) as { data: { numbers: { totalCount: number; nodes: Array<{ number: string }> } } };
    expect(body.data.numbers.totalCount).toBe(30);
    expect(body.data.numbers.nodes).toHaveLength(5);
    expect(output).toContain('demo-token-a');

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    process.off('exit', reap);
    expect(code).toBe(0);
    // Compiling every source file on the fly takes seconds on a busy machine, not a timing claim.
  }, 60_000);
});
