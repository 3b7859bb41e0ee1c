// ESLint: type-aware typescript-eslint on the package, its tests and the example app; Prettier owns formatting.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'example-app/dist/',
      'coverage/',
      '.consumers/',
      'node_modules/',
      'reports/',
      '.stryker-tmp/',
      '.readme-examples-*/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'test/support/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  {
    // Tests and the demo may print, and test doubles are loosely typed by design.
    files: ['test/**', 'example-app/**', 'scripts/**', 'bench/**', '*.js', '*.mjs'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['src/core/logger.ts'],
    // The default logger is the one place that writes to the console.
    rules: { 'no-console': 'off' },
  },
  {
    // Plain JavaScript (benchmarks, scripts, configs, the stand-in SDK): linted without type information.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs', 'jest.config.js', 'test/support/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['example-app/public/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
