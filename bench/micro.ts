/**
 * Microbenchmarks of the hot-path pieces the tuning log compares, in one process with no I/O:
 * the bench's CPU per request moves by 5-15 % between identical runs on this shared machine,
 * more than most single changes are worth. Each case runs in batches; the figure is the fastest
 * batch's time per operation (contention only ever adds time), so reruns agree within a few %.
 * Run: node --import @swc-node/register/esm-register bench/micro.ts [filter]
 */
import { createLimit } from '../src/upstream/concurrency.js';
import pLimit from 'p-limit';

type Case = () => Promise<void> | void;

const BATCHES = 30;
const PER_BATCH = 2000;

async function measure(name: string, op: Case): Promise<void> {
  for (let i = 0; i < PER_BATCH * 3; i++) await op();
  let best = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BATCHES; b++) {
    const started = performance.now();
    for (let i = 0; i < PER_BATCH; i++) await op();
    best = Math.min(best, (performance.now() - started) / PER_BATCH);
  }
  console.log(`| ${name} | ${(best * 1000).toFixed(2)} |`);
}

const task = () => Promise.resolve(1);

/** Every upstream call passes the operation's cap, the process's cap and a batch's cap. */
const cases: Record<string, Case> = {
  'three nested caps, p-limit': (() => {
    const [a, b] = [pLimit(16), pLimit(256)];
    return async () => {
      const batch = pLimit(8);
      await batch(() => a(() => b(task)));
    };
  })(),
  'three nested caps, createLimit': (() => {
    const [a, b] = [createLimit(16), createLimit(256)];
    return async () => {
      const batch = createLimit(8);
      await batch(() => a(() => b(task)));
    };
  })(),
};

const filter = process.argv[2];
console.log('| case | µs per operation (fastest batch) |\n|---|--:|');
for (const [name, op] of Object.entries(cases)) if (!filter || name.includes(filter)) await measure(name, op);
