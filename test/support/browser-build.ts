// The package's browser source, built by esbuild as the package builds it, to run in a jsdom window.
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');

/** `src/browser/<entry>.ts` as a script that puts its exports on `window[globalName]`. */
export function buildBrowserEntry(entry: string, globalName: string): string {
  const [output] = buildSync({
    entryPoints: [path.join(ROOT, 'src', 'browser', `${entry}.ts`)],
    bundle: true,
    format: 'iife',
    globalName,
    target: 'es2020',
    // Without "use strict", the top-level var that holds the exports becomes a global in window.eval.
    tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
    write: false,
  }).outputFiles;
  return output!.text;
}
