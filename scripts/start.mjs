/**
 * `npm start`: runs the compiled gateway (dist/index.js), because compiling TypeScript on every
 * start (swc, as `npm run dev` does) costs about a second. dist/ is built first when it is
 * missing or older than any source it is compiled from, so `npm ci && npm start` just works and
 * a stale build never runs. The check and the gateway share this one process (an npm `prestart`
 * script would cost another shell and Node start, ~200 ms), and `exec` in package.json makes
 * it npm's direct child, so the SIGTERM npm forwards reaches the gateway. Containers run
 * `node dist/index.js` directly.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const output = join(root, 'dist', 'index.js');

function newestInput(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // The GraphiQL browser client is bundled by esbuild at run time, not compiled into dist/.
    if (entry.isDirectory() && path !== join(root, 'src', 'graphiql', 'client')) newest = Math.max(newest, newestInput(path));
    else if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(output).mtimeMs;
  } catch {
    return 0;
  }
}

const inputs = Math.max(
  newestInput(join(root, 'src')),
  ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'].map((file) => statSync(join(root, file)).mtimeMs),
);
if (builtAt() < inputs) {
  console.error('numbers-gateway: compiling src/ to dist/ (npm run build) ...');
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}

await import(pathToFileURL(output).href);
