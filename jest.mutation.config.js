// Jest for mutation testing (npm run test:mutation): Express 5 only, and only the suites that run in
// seconds. Left out: Chromium (the same code is covered in jsdom), the property and load tests (slow
// by design), and packaging (it runs the built dist in child processes, not src).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/browser/(?!chat-module)',
    '/test/chat/property.test.ts',
    '/test/chat/load.test.ts',
    '/test/chat/token-cache.test.ts',
    '/test/packaging/',
  ],
  // Transpile only: a worker restarted after a timed-out mutant is ready in seconds.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false, isolatedModules: true }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFiles: ['<rootDir>/test/support/use-express5.js'],
  setupFilesAfterEnv: ['<rootDir>/test/support/secret-guard.ts', '<rootDir>/test/support/mutation/record-coverage.js'],
  // Per mutant, only the test files whose tests reached it in the dry run: loading all 16 files
  // for every mutant took most of the run.
  filter: '<rootDir>/test/support/mutation/only-covering-files.js',
  // A mutant that makes a request hang fails its test in 5 s instead of timing out the whole run.
  testTimeout: 5000,
};
