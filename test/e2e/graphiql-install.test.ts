import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from '@jest/globals';
import { loadGraphiQLAssets } from '../../src/graphiql/assets.js';

/**
 * A production install (`npm ci --omit=dev`, the Docker image) has no esbuild, GraphiQL or React:
 * it must serve the bundle built where they were installed, and say what is wrong when there is none.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join('node_modules', '.cache', 'numbers-gateway-graphiql');

/** What `import('esbuild')` does where the package is not installed. */
const esbuildMissing = () => Promise.reject(Object.assign(new Error("Cannot find package 'esbuild'"), { code: 'ERR_MODULE_NOT_FOUND' }));

let installs: string[] = [];
afterEach(async () => {
  await Promise.all(installs.map((dir) => rm(dir, { recursive: true, force: true })));
  installs = [];
});

/** What the Dockerfile's runtime stage holds of the package root, with or without the built cache. */
async function productionInstall(withCache: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'graphiql-install-'));
  installs.push(root);
  await cp(join(ROOT, 'package-lock.json'), join(root, 'package-lock.json'));
  await cp(join(ROOT, 'src', 'graphiql', 'client'), join(root, 'src', 'graphiql', 'client'), { recursive: true });
  await cp(join(ROOT, 'src', 'graphiql', 'page-config.ts'), join(root, 'src', 'graphiql', 'page-config.ts'));
  await mkdir(join(root, 'node_modules'));
  if (withCache) await cp(join(ROOT, CACHE), join(root, CACHE), { recursive: true });
  return root;
}

describe('GraphiQL assets in an install without dev dependencies', () => {
  it('serves the bundle built where esbuild was installed, without esbuild', async () => {
    const built = await loadGraphiQLAssets(); // builds into this checkout's cache, or reads it
    const root = await productionInstall(true);
    const served = await loadGraphiQLAssets({ root, importEsbuild: esbuildMissing });
    expect(served.fromCache).toBe(true);
    expect(served.assets.entries).toEqual(built.assets.entries);
    expect([...served.assets.files.keys()].sort()).toEqual([...built.assets.files.keys()].sort());
  }, 60_000);

  it('fails with what is missing and how to fix it when no bundle was built', async () => {
    const root = await productionInstall(false);
    await expect(loadGraphiQLAssets({ root, importEsbuild: esbuildMissing })).rejects.toThrow(
      /none was built for this lockfile.*esbuild, a dev dependency, is not installed.*npm run graphiql:build.*GRAPHIQL_ENABLED=false/s,
    );
  });
});
