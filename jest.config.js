// Jest: ts-jest on the TypeScript sources; a CI run fails on any skipped test.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  setupFilesAfterEnv: ['<rootDir>/test/support/secret-guard.ts'],
  reporters: ['default', '<rootDir>/test/support/no-skips-reporter.js'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageThreshold: { global: { branches: 90, functions: 95, lines: 95, statements: 95 } },
  testTimeout: 30000,
};
