/**
 * Jest runs the TypeScript sources as native ESM through @swc/jest
 * (NODE_OPTIONS=--experimental-vm-modules is set by `npm test`).
 * Imports use NodeNext-style `.js` specifiers, mapped back to the `.ts` files here.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
      },
    ],
  },
  // `.json.js` files are real JavaScript (libphonenumber-js ships its metadata as one so that
  // Node's ESM can import it): stripping their `.js` would load the raw JSON without an import
  // attribute, which Jest warns about on every import.
  moduleNameMapper: { '^(\\.{1,2}/.*)(?<!\\.json)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
  // Builds the GraphiQL bundle cache once instead of in every test file's gateway.
  globalSetup: '<rootDir>/test/global-setup.mjs',
  maxWorkers: 2,
  // How long a worker may take to exit once told to; past it Jest kills it and warns "A worker
  // process has failed to exit gracefully". The default, 500 ms, is a wall-clock limit that a
  // loaded machine misses with nothing leaked: the workers' exit handlers run within 25 ms of
  // the request, but tearing down their 250-500 MB heaps took up to 1.1 s with the CPU shared.
  // A handle that keeps a worker alive (a timer, a socket, a child process) still gets the
  // warning; it just has to outlive 5 s instead of 0.5 s.
  workerGracefulExitTimeout: 5000,
};
