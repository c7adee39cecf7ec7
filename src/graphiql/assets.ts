import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import type { Metafile, Plugin } from 'esbuild';

// The GraphiQL browser bundle, built from packages in package-lock.json with esbuild so no file
// ever comes from a CDN. Nothing generated is committed: the first gateway with GraphiQL on
// builds it (a few seconds) into node_modules/.cache, keyed by everything that changes the
// output, and every later start reads the cache. `npm run graphiql:build` fills it ahead of time
// (e.g. in a Docker build). Gateways with GraphiQL off never load esbuild.
//
// esbuild, GraphiQL and React are dev dependencies: a production install (`npm ci --omit=dev`,
// the Docker image) has none of them and serves the bundle its build step cached, found under
// the same key because the key needs only the lockfile and the sources, not the packages.

export interface Asset {
  body: Buffer;
  contentType: string;
}

export interface GraphiQLAssets {
  /** By file name, e.g. `main-3FJ2KQ7A.js`; every name carries a content hash. */
  files: Map<string, Asset>;
  /** Names of the entry outputs the page and the Monaco setup refer to. */
  entries: {
    script: string;
    /** Chunks the page links as modulepreload: everything the first screen needs. */
    preload: string[];
    style: string;
    editorWorker: string;
    jsonWorker: string;
    graphqlWorker: string;
  };
}

export interface LoadOptions {
  /** The package root: package-lock.json, src/graphiql/ and node_modules/ (tests use a copy). */
  root?: string;
  /** Loads esbuild (tests stand in for an install without it). */
  importEsbuild?: () => Promise<typeof Esbuild>;
}

interface Paths {
  root: string;
  client: string;
  cache: string;
}

function pathsOf(root: string): Paths {
  return { root, client: join(root, 'src', 'graphiql', 'client'), cache: join(root, 'node_modules', '.cache', 'numbers-gateway-graphiql') };
}

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Bump when the build options below change in a way the inputs hash cannot see. */
const BUILD_VERSION = '3';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * The esbuild version the bundle is (or would be) built with: the installed one, so a
 * node_modules out of step with the lockfile rebuilds; without one (a production install), the
 * lockfile's, which is what `npm ci` installed where the bundle was built.
 */
async function esbuildVersion(root: string, lockfile: Buffer): Promise<string> {
  try {
    return (JSON.parse(await readFile(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    const lock = JSON.parse(lockfile.toString('utf8')) as { packages?: Record<string, { version?: string }> };
    return lock.packages?.['node_modules/esbuild']?.version ?? 'none';
  }
}

/** Hash of the lockfile (pins every bundled package), the client sources and the build options. */
async function inputsKey({ root, client }: Paths): Promise<string> {
  const hash = createHash('sha256').update(BUILD_VERSION);
  const lockfile = await readFile(join(root, 'package-lock.json'));
  hash.update(await esbuildVersion(root, lockfile));
  hash.update(lockfile);
  for (const file of [...(await readdir(client)).sort().map((name) => join(client, name)), join(root, 'src', 'graphiql', 'page-config.ts')]) {
    hash.update(relative(root, file)).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

type Entries = GraphiQLAssets['entries'];

async function readCache(dir: string): Promise<GraphiQLAssets | undefined> {
  let entries: Entries;
  try {
    entries = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Entries;
  } catch {
    return undefined;
  }
  const files = new Map<string, Asset>();
  for (const name of await readdir(dir)) {
    if (name === 'manifest.json') continue;
    files.set(name, { body: await readFile(join(dir, name)), contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' });
  }
  return { files, entries };
}

/**
 * graphiql/style.css already holds Monaco's styles and its codicon font (as a data: URL); the
 * CSS files Monaco's modules import would only come back as duplicate stylesheets per chunk.
 */
const skipMonacoCss: Plugin = {
  name: 'skip-monaco-css',
  setup(build) {
    build.onLoad({ filter: /[\\/]monaco-editor[\\/].*\.css$/ }, () => ({ contents: '', loader: 'css' }));
  },
};

/**
 * Runs esbuild in memory: the page script as ES modules with code splitting, so Monaco and
 * prettier (dynamic imports inside GraphiQL) are separate chunks that do not delay the first
 * render; the Monaco workers are module workers sharing those chunks.
 */
async function bundle({ root, client }: Paths, esbuild: typeof Esbuild): Promise<GraphiQLAssets> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: join(client, 'main.tsx'),
      'editor.worker': join(client, 'editor.worker.ts'),
      'json.worker': join(client, 'json.worker.ts'),
      'graphql.worker': join(client, 'graphql.worker.ts'),
    },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [skipMonacoCss],
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    // Never written (write: false); esbuild needs it to name the outputs.
    outdir: join(root, 'graphiql-out'),
    metafile: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const files = new Map<string, Asset>();
  for (const output of result.outputFiles) {
    const name = basename(output.path);
    files.set(name, { body: Buffer.from(output.contents), contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream' });
  }
  const outputs = Object.entries(result.metafile.outputs);
  const entryOutput = (entry: string): Metafile['outputs'][string] & { name: string; path: string } => {
    const found = outputs.find(([, meta]) => meta.entryPoint === `src/graphiql/client/${entry}`);
    if (!found) throw new Error(`GraphiQL bundle: esbuild produced no output for ${entry}`);
    return { ...found[1], name: basename(found[0]), path: found[0] };
  };
  const main = entryOutput('main.tsx');
  if (!main.cssBundle) throw new Error('GraphiQL bundle: esbuild produced no stylesheet');
  return {
    files,
    entries: {
      script: main.name,
      preload: editorChunks(result.metafile, main.path),
      style: basename(main.cssBundle),
      editorWorker: entryOutput('editor.worker.ts').name,
      jsonWorker: entryOutput('json.worker.ts').name,
      graphqlWorker: entryOutput('graphql.worker.ts').name,
    },
  };
}

/**
 * The chunks the first screen needs: those the page script imports, and Monaco, which GraphiQL
 * imports dynamically after its first render. Listed as modulepreload links in the page so the
 * browser fetches and compiles them in parallel instead of one import level at a time. Prettier
 * and graphql-ws stay lazy: they load only on Prettify or for subscriptions.
 */
function editorChunks(metafile: Metafile, mainPath: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    for (const edge of metafile.outputs[path]?.imports ?? []) {
      if (seen.has(edge.path) || !edge.path.endsWith('.js')) continue;
      const target = metafile.outputs[edge.path];
      const eager = edge.kind === 'import-statement' || /node_modules\/monaco-(editor|graphql)\//.test(target?.entryPoint ?? '');
      if (!eager) continue;
      seen.add(edge.path);
      visit(edge.path);
    }
  };
  visit(mainPath);
  return [...seen].map((path) => basename(path)).sort();
}

/** Writes to a private folder first and renames it, so concurrent gateways never see half a cache. */
async function writeCache(cacheRoot: string, dir: string, assets: GraphiQLAssets): Promise<void> {
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(temp, { recursive: true });
  for (const [name, asset] of assets.files) await writeFile(join(temp, name), asset.body);
  await writeFile(join(temp, 'manifest.json'), JSON.stringify(assets.entries));
  try {
    await rename(temp, dir);
  } catch {
    // Another process won the race with identical content.
    await rm(temp, { recursive: true, force: true });
  }
  // Builds for other inputs (an older lockfile or client) will not be read again.
  for (const name of await readdir(cacheRoot)) {
    if (join(cacheRoot, name) !== dir && !name.includes('.tmp-')) await rm(join(cacheRoot, name), { recursive: true, force: true });
  }
}

/**
 * esbuild, or an error that says what is missing and what to do: a production install has no
 * dev dependencies, so it can only serve a bundle built before they were left out.
 */
async function loadEsbuild(importEsbuild: () => Promise<typeof Esbuild>, dir: string): Promise<typeof Esbuild> {
  try {
    return await importEsbuild();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      `GraphiQL bundle: none was built for this lockfile and these sources (looked in ${dir}), and esbuild, a dev ` +
        'dependency, is not installed to build one. Run `npm run graphiql:build` where dev dependencies are installed ' +
        "(the Dockerfile's build stage does) and keep node_modules/.cache/numbers-gateway-graphiql, or set GRAPHIQL_ENABLED=false.",
      { cause: error },
    );
  }
}

/** The assets from the on-disk cache, or freshly bundled (and cached) when the inputs changed. */
export async function loadGraphiQLAssets(options: LoadOptions = {}): Promise<{ assets: GraphiQLAssets; fromCache: boolean }> {
  const paths = pathsOf(options.root ?? PACKAGE_ROOT);
  const dir = join(paths.cache, await inputsKey(paths));
  const cached = await readCache(dir);
  if (cached) return { assets: cached, fromCache: true };
  const esbuild = await loadEsbuild(options.importEsbuild ?? (() => import('esbuild')), dir);
  const assets = await bundle(paths, esbuild);
  await writeCache(paths.cache, dir, assets).catch(() => undefined); // a read-only install still serves from memory
  return { assets, fromCache: false };
}
