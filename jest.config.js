// Jest: every suite runs on Express 5 and again on Express 4; a CI run fails on any skipped test.
/** @type {import('jest').Config} */
const project = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFilesAfterEnv: ['<rootDir>/test/support/secret-guard.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...project, displayName: 'express5', setupFiles: ['<rootDir>/test/support/use-express5.js'] },
    {
      ...project,
      displayName: 'express4',
      setupFiles: ['<rootDir>/test/support/use-express4.js'],
      // Suites that do not run the package inside an Express app: once is enough.
      testPathIgnorePatterns: ['/test/browser/', '/test/packaging/', '/test/cli/', '/test/chat/token.test.ts'],
    },
  ],
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/no-skips-reporter.js'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageThreshold: { global: { branches: 90, functions: 95, lines: 95, statements: 95 } },
};
