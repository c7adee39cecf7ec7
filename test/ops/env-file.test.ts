import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { describeEnvFile, loadEnvFile } from '../../src/env-file.js';
import { startProcess } from './processes.js';

/** `cp .env.example .env && npm start`: the file is read, the environment wins, the start says so. */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'env-file-'));
  dirs.push(dir);
  return dir;
}

describe('loadEnvFile', () => {
  it('sets the variables the environment does not have, and counts the ones it kept', () => {
    const file = join(folder(), '.env');
    writeFileSync(file, '# comment\nLOG_LEVEL=silent\nPORT=4999\nQUOTED="a b"\n');
    const env: NodeJS.ProcessEnv = { PORT: '0' };
    const read = loadEnvFile(file, env);
    expect(env).toEqual({ PORT: '0', LOG_LEVEL: 'silent', QUOTED: 'a b' });
    expect(read).toEqual({ path: file, variables: 3, overridden: 1 });
    expect(describeEnvFile(read)).toBe(`${file} read (3 variables, 1 set in the environment kept)`);
  });

  it('does nothing without a file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(join(folder(), '.env'), env)).toBeUndefined();
    expect(env).toEqual({});
    expect(describeEnvFile(undefined)).toBe('no .env file (environment only)');
  });
});

describe('the entry point in a folder with a .env (npm start, npm run dev)', () => {
  it('reads the copied .env.example with edits, says so in the banner, and the environment wins', async () => {
    // A folder of its own, so no .env is ever written into the repository; node_modules is
    // linked so that --import finds swc from there, as it does from the repository.
    const dir = folder();
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    copyFileSync(join(ROOT, '.env.example'), join(dir, '.env'));
    appendFileSync(join(dir, '.env'), '\nLOG_LEVEL=silent\nEMBEDDED_NUMBERS_PER_UNIT=7\n');
    const gateway = startProcess(
      'gateway',
      process.execPath,
      ['--import', '@swc-node/register/esm-register', join(ROOT, 'src/index.ts')],
      { PORT: '0', SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      { cwd: dir },
    );
    const [, url] = await gateway.waitFor(/GraphQL endpoint\s+(http:\/\/\S+)\n/);
    const response = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-a' },
      body: JSON.stringify({ query: '{ numbers(first: 1) { totalCount } }' }),
    });
    expect(await response.json()).toMatchObject({ data: { numbers: { totalCount: 7 } } });
    expect(await gateway.stop()).toBe(0);
    // PORT=4000 in the file lost to PORT=0; LOG_LEVEL=silent from the file silenced the JSON log.
    expect(new URL(url!).port).not.toBe('4000');
    expect(gateway.output()).toMatch(/ {2}Environment {8}\.env read \(\d+ variables, 1 set in the environment kept\)\n/);
    expect(gateway.output()).not.toContain('"msg":');
  }, 40_000);
});
