/**
 * `npm run cycles`: fails on any import cycle in src/, test/ and bench/, type-only imports
 * included (madge over the TypeScript sources). madge skips an import it cannot resolve and
 * only counts it as "(1 warning)"; a skipped file of our own would silently hide its cycles, so
 * that fails too. npm packages are outside the check either way: madge cannot resolve `got`
 * (its package.json has only `exports`), which is harmless and named here instead of a bare
 * warning.
 */
import madge from 'madge';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(dirname(dirname(fileURLToPath(import.meta.url))));
const result = await madge(['src', 'test', 'bench'], {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
});

const cycles = result.circular();
const { skipped } = result.warnings();
// A bare specifier (`got`, `@scope/name`) is a package; anything else is a path of ours.
const packages = skipped.filter((name) => /^(@[\w.-]+\/)?[\w.-]+(\/.*)?$/.test(name) && !name.startsWith('.'));
const ours = skipped.filter((name) => !packages.includes(name));

const files = Object.keys(result.obj()).length;
if (packages.length > 0) console.log(`npm packages madge cannot resolve (not part of the check): ${packages.join(', ')}`);
if (ours.length > 0) console.error(`imports madge could not resolve, so their cycles are unchecked:\n  ${ours.join('\n  ')}`);
if (cycles.length > 0) console.error(`import cycles:\n${cycles.map((cycle) => `  ${cycle.join(' -> ')}`).join('\n')}`);
if (ours.length > 0 || cycles.length > 0) process.exit(1);
console.log(`no import cycles in ${files} files of src/, test/ and bench/`);
