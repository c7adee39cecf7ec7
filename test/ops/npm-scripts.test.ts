import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { eventually } from '../helpers/eventually.js';
import { freePort, startProcess } from './processes.js';

/**
 * `npm run dev` and `npm run simulator` stop with their npm process: npm forwards SIGTERM to its
 * child only, so each script `exec`s node in place of npm's shell; otherwise the shell dies and
 * node keeps running as an orphan, holding the port. (`npm start` is covered in compose.test.ts.)
 */

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes npm started, directly or not (Linux: /proc). */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const npmEnv = { HOME: process.env.HOME ?? '/tmp' };

describe.each([
  ['simulator', (port: number) => ({ SIMULATOR_PORT: String(port) }), /REST v2 simulator listening/],
  ['dev', (port: number) => ({ PORT: String(port), LOG_LEVEL: 'warn' }), /GraphQL endpoint/],
])('npm run %s', (script, env, ready) => {
  it('stops, with everything it started, when its npm process gets SIGTERM, and frees the port', async () => {
    const port = await freePort();
    const npm = startProcess(`npm run ${script}`, 'npm', ['run', script], {
      ...npmEnv,
      ...env(port),
    });
    await npm.waitFor(ready);
    const started = descendants(npm.child.pid!);
    expect(started.length).toBeGreaterThan(0);
    expect(await listening(port)).toBe(true);

    await npm.stop('SIGTERM');
    expect(await eventually(() => started.every((pid) => !alive(pid)))).toBe(true);
    expect(await listening(port)).toBe(false);
  }, 60_000);
});
