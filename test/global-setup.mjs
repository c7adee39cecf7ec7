import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the GraphiQL bundle cache once, before any test file runs (`npm run graphiql:build`).
 * Every gateway with GraphiQL on loads the bundle when it starts, and stop() waits for that; on a
 * fresh `npm ci` there is no cache yet, so without this every test file's gateway would run its
 * own esbuild build (seconds of CPU each) at the same time as the others.
 */
export default function buildGraphiQLCache() {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const result = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/build-graphiql.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`GraphiQL bundle build failed (npm run graphiql:build):\n${result.stdout}${result.stderr}${result.error ?? ''}`);
  }
}
