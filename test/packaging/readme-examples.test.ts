// The README's TypeScript and JavaScript examples, type-checked (strict) against the built package,
// imported by its name as a user's project imports it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

interface Example {
  /** The README line of the opening fence. */
  line: number;
  code: string;
}

function readmeExamples(): Example[] {
  const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const found: Example[] = [];
  let open: Example | undefined;
  lines.forEach((text, index) => {
    if (open === undefined && /^```(ts|js)$/.test(text)) open = { line: index + 1, code: '' };
    else if (open !== undefined && text === '```') {
      found.push(open);
      open = undefined;
    } else if (open !== undefined) open.code += `${text}\n`;
  });
  return found;
}

/*
 * What the examples take from the app around them. Each example is a module of its own, so one that
 * declares its own `app` or `chat` shadows these.
 */
const AROUND = `import type { Express, RequestHandler } from 'express';
import type expressModule from 'express';
import type { UseResponseChat, useResponseChat as factory } from 'express-useresponse';
declare global {
  const app: Express;
  const chat: UseResponseChat;
  const useResponseChat: typeof factory;
  const express: typeof expressModule;
  const session: (options?: unknown) => RequestHandler;
  const passport: { session(): RequestHandler };
  const brianSession: string;
}
export {};
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ['node', 'jest', 'passport'],
  },
  include: ['**/*.ts'],
};

const EXAMPLES = readmeExamples();
const fileOf = (example: Example) => `test/readme-line-${example.line}.ts`;
let errors = '';

beforeAll(() => {
  // Inside the package, so that 'express-useresponse' resolves to itself through its exports map.
  const dir = mkdtempSync(path.join(ROOT, '.readme-examples-'));
  try {
    mkdirSync(path.join(dir, 'test'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(path.join(dir, 'around.d.ts'), AROUND);
    // The app the testing example imports from '../src/app'.
    writeFileSync(path.join(dir, 'src', 'app.ts'), "export declare const app: import('express').Express;\n");
    for (const example of EXAMPLES) writeFileSync(path.join(dir, fileOf(example)), `${example.code}export {};\n`);
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], {
        encoding: 'utf8',
      });
    } catch (error) {
      errors = (error as { stdout: string }).stdout;
      if (errors === '') throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

it('finds the examples', () => {
  expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
});

it.each(EXAMPLES.map((example) => [example.line, example]))(
  'the example at README line %d compiles',
  (_line, example) => {
    const own = errors.split('\n').filter((line) => line.includes(fileOf(example)));
    expect(own).toEqual([]);
  },
);

it('leaves no other type error', () => {
  const others = errors.split('\n').filter((line) => line.includes('error TS') && !line.includes('readme-line-'));
  expect(others).toEqual([]);
});
