/**
 * Fills the GraphiQL bundle cache (node_modules/.cache/numbers-gateway-graphiql) ahead of time,
 * e.g. in a Docker build, so the first browser visit does not wait for esbuild. The gateway
 * builds the same cache on its own when this was not run.
 */
import { loadGraphiQLAssets } from '../src/graphiql/assets.js';

const started = Date.now();
const { assets, fromCache } = await loadGraphiQLAssets();
const bytes = [...assets.files.values()].reduce((sum, asset) => sum + asset.body.length, 0);
console.log(
  `GraphiQL assets ${fromCache ? 'already cached' : 'built'}: ${assets.files.size} files, ` +
    `${(bytes / 1024 / 1024).toFixed(1)} MiB, ${Date.now() - started} ms`,
);
