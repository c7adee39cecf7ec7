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
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
  // Builds the GraphiQL bundle cache once instead of in every test file's gateway.
  globalSetup: '<rootDir>/test/global-setup.mjs',
  maxWorkers: 2,
};
