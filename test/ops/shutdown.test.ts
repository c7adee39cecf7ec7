import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { upstreamList } from '../helpers/stack.js';
import { startGatewayProcess, type Proc } from './processes.js';

jest.setTimeout(60_000);

let simulator: Simulator | undefined;
let gateway: { proc: Proc; url: string } | undefined;
afterEach(async () => {
  await gateway?.proc.stop('SIGKILL');
  await simulator?.close();
  gateway = undefined;
  simulator = undefined;
});

/** Resolves once the simulator has taken the call the fault rule waits for (the rule is used up). */
async function upstreamCallStarted(sim: Simulator): Promise<void> {
  for (;;) {
    const answer = (await (await fetch(`${sim.url}/__simulator/faults`)).json()) as { data: { rules: unknown[] } };
    if (answer.data.rules.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('SIGTERM (production entry point)', () => {
  it('completes a slow in-flight request, then exits 0', async () => {
    simulator = await createSimulator({ faults: true });
    const numbers = await upstreamList(simulator);
    gateway = await startGatewayProcess('gateway', { UPSTREAM_URL: simulator.url });
    // The upstream holds the answer for 1.5 s: the request is still in flight when SIGTERM comes.
    simulator.setFaults([{ fault: 'latency=1500', endpoint: 'list', times: 1 }]);

    const inFlight = fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify({ query: 'query Slow { numbers(first: 2) { totalCount nodes { number } } }' }),
    });
    await upstreamCallStarted(simulator);
    const exited = gateway.proc.stop('SIGTERM');

    const response = await inFlight;
    expect([response.status, await response.json()]).toEqual([
      200,
      {
        data: { numbers: { totalCount: numbers.length, nodes: numbers.slice(0, 2).map((n) => ({ number: n.number })) } },
        extensions: { cost: { estimated: 1, actual: 1, limit: 25 } },
      },
    ]);
    expect(await exited).toBe(0);
    const logged = gateway.proc
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; operation?: string; status?: number; signal?: string });
    expect(logged.filter((l) => l.msg !== 'numbers-gateway listening').map((l) => [l.msg, l.signal ?? l.operation, l.status])).toEqual([
      ['shutting down: finishing in-flight requests', 'SIGTERM', undefined],
      ['graphql request', 'Slow', 200],
    ]);
  });
});
