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

/**
 * README.md's "npm scripts" table names every script of package.json (one line each), so a
 * newcomer sees all of them; the benchmarks (`bench:*`) are listed one by one in
 * docs/performance.md's table, which the README's `bench:*` row points to.
 */
describe('the npm scripts a newcomer is shown', () => {
  const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

  /** The script names a page's table rows mention as `npm run x`, `npm x` or `x`, in the section under `heading`. */
  function named(page: string, heading: string): Set<string> {
    const text = read(page);
    const from = text.indexOf(`\n## ${heading}\n`);
    if (from < 0) throw new Error(`${page} has no "## ${heading}" section`);
    const to = text.indexOf('\n## ', from + 1);
    const rows = text
      .slice(from, to < 0 ? undefined : to)
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    return new Set(rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`(?:npm (?:run )?)?([a-z][a-z:-]*)[^`]*`/g)].map((m) => m[1]!)));
  }

  it('README.md lists every script, and the benchmarks are each in docs/performance.md', () => {
    const readme = named('README.md', 'npm scripts');
    const benches = named('docs/performance.md', 'Benchmarks');
    expect(scripts.filter((name) => !(readme.has(name) || (name.startsWith('bench:') && readme.has('bench:') && benches.has(name))))).toEqual([]);
    expect([...readme].filter((name) => !scripts.includes(name) && name !== 'bench:')).toEqual([]);
  });
});
