/**
 * How fast does the simulator answer numbers/list for a 5,000-number unit?
 * Run: node --import @swc-node/register/esm-register bench/simulator-list.ts
 * Sequential calls over loopback with a keep-alive agent; the whole body is read each time.
 */
import { Agent, request } from 'node:http';
import { createSimulator } from '../src/simulator/index.js';

const NUMBERS = 5000;
const WARM_UP = 20;
const CALLS = 200;

const simulator = await createSimulator({ units: [{ id: 'bench', token: 'bench-token', numbers: NUMBERS }] });
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function listOnce(): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(`${simulator.url}/api/v2/numbers/list`, { agent, headers: { authorization: 'Bearer bench-token' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        else resolve({ ms: performance.now() - started, bytes });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

try {
  for (let i = 0; i < WARM_UP; i++) await listOnce();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < CALLS; i++) {
    const result = await listOnce();
    times.push(result.ms);
    bytes = result.bytes;
  }
  times.sort((a, b) => a - b);
  console.log(`numbers/list, ${NUMBERS} numbers, ${(bytes / 1024 / 1024).toFixed(2)} MB per response, ${CALLS} sequential calls`);
  console.log(`median ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${times.at(-1)?.toFixed(2)} ms`);
} finally {
  agent.destroy();
  await simulator.close();
}
