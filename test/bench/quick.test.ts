import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';

/**
 * `npm run bench -- --quick` end to end, cut down to what CI can afford: its own build of the
 * children, the simulator, the limit server and the gateway as processes, the same-answer check,
 * a warm-up and one measured round of 1 s for the two dashboard scenarios (one credential, own
 * credentials) at 2 connections. About 15 s; the bench is killed after 90 s. Its figures go to a
 * temporary file, never to bench/RESULTS.md. test/bench/answers.test.ts checks every scenario's
 * answers in process; this one catches what only the command itself can break (options,
 * children, IPC, the report).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT_MS = 90_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function bench(args: string[]): Promise<Ran> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'bench/main.ts', ...args], { cwd: ROOT, env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

describe('npm run bench -- --quick', () => {
  it(
    'runs to the end and writes its table',
    async () => {
      const results = path.join(dir, 'RESULTS.md');
      const ran = await bench(['--quick', '--rounds=1', '--connections=2', '--only=dashboard,own', '--servers=limit,gateway', `--results=${results}`]);
      // On failure the bench's last output says why (e.g. a comparator answering differently).
      const failed = ran.code !== 0 || !ran.output.includes(`${results} updated`);
      expect({ code: ran.code, signal: ran.signal, output: failed ? ran.output.slice(-3000) : 'finished' }).toEqual({
        code: 0,
        signal: null,
        output: 'finished',
      });
      const rows = readFileSync(results, 'utf8')
        .split('\n')
        .filter((line) => /^\| dashboard/.test(line))
        .map((line) =>
          line
            .split('|')
            .slice(1, 3)
            .map((cell) => cell.trim()),
        );
      expect(rows).toEqual([
        ['dashboard', 'limit'],
        ['dashboard', 'gateway'],
        ['dashboard, own credentials', 'limit'],
        ['dashboard, own credentials', 'gateway'],
      ]);
    },
    LIMIT_MS + 10_000,
  );
});
