// Builds dist/cjs and dist/esm with tsc, each with a package.json that tells Node its module type, and
// dist/browser, the ES module for single-page apps (esbuild, not minified: apps bundle or serve it as is).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';

const tsc = (...args) =>
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', ...args], { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
tsc('-p', 'tsconfig.build.json');
tsc('-p', 'tsconfig.build.json', '--module', 'es2022', '--moduleResolution', 'bundler', '--outDir', 'dist/esm');
writeFileSync('dist/cjs/package.json', JSON.stringify({ type: 'commonjs' }) + '\n');
writeFileSync('dist/esm/package.json', JSON.stringify({ type: 'module' }) + '\n');

buildSync({
  entryPoints: ['src/browser/index.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2020',
  legalComments: 'none',
  outfile: 'dist/browser/index.js',
});
tsc(
  '-p',
  'src/browser/tsconfig.json',
  '--noEmit',
  'false',
  '--emitDeclarationOnly',
  '--declaration',
  '--outDir',
  'dist/browser',
  '--rootDir',
  'src/browser',
);
rmSync('dist/browser/bootstrap.d.ts');
writeFileSync('dist/browser/package.json', JSON.stringify({ type: 'module' }) + '\n');
