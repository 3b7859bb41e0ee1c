// Packs the package as npm would publish it and uses it from CJS, ESM and strict TypeScript projects.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Inside the repository, so the consumers find express and typescript in its node_modules, as an
// app would find them in its own.
const WORK = path.join(ROOT, '.consumers');

let tarball: string;
let files: string[];
/** What npm printed on stderr while installing the tarball into each consumer. */
const installWarnings: string[] = [];
// The release lines CI tests (scripts/node-matrix.mjs), which engines.node must admit.
const MATRIX = ['22', '24', '26'];

// npm runs on the Node that runs the tests, so its engine check is about this Node.
const NPM_ENV = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}` };

function npm(args: string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: NPM_ENV });
}

function consumer(name: string, packageJson: object, sources: Record<string, string>): string {
  const dir = mkdtempSync(path.join(WORK, `${name}-`));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, ...packageJson }),
  );
  for (const [file, text] of Object.entries(sources)) writeFileSync(path.join(dir, file), text);
  const install = spawnSync(
    NPM,
    [
      'install',
      tarball,
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--legacy-peer-deps',
      '--no-package-lock',
    ],
    { cwd: dir, encoding: 'utf8', env: NPM_ENV },
  );
  if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  installWarnings.push(install.stderr);
  return dir;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const KEY = 'consumer-test-key';

/** The tiny app each consumer runs: one identified page, printed as JSON. */
const APP_BODY = `
const app = express();
app.use((req, res, next) => { req.user = { email: 'pack@example.com', name: 'Packed' }; next(); });
const chat = useResponseChat({ securityKey: '${KEY}' });
app.use(chat);
app.get('/', (req, res) => res.send(String(res.locals.useresponseChat())));
const server = app.listen(0, async () => {
  const port = server.address().port;
  const html = await (await fetch('http://127.0.0.1:' + port + '/')).text();
  console.log(JSON.stringify({ html, token: computeToken('${KEY}', 'pack@example.com'), hash: chat.cspScriptHash, error: new UseResponseConfigError('ERR_USERESPONSE_OPTIONS', 'x').code, decoded: decodeChatPage(html) }));
  server.close();
});
`;

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', WORK], ROOT)) as [
    { filename: string; files: { path: string }[] },
  ];
  tarball = path.join(WORK, packed[0].filename);
  files = packed[0].files.map((f) => f.path);
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

it('publishes dist, the TypeScript it was built from and the docs only', () => {
  expect(files).toContain('dist/cjs/index.js');
  expect(files).toContain('dist/esm/index.js');
  expect(files).toContain('dist/esm/index.d.ts');
  expect(files).toContain('dist/cjs/cli/bin.js');
  expect(files).toContain('src/index.ts');
  expect(files).toContain('LICENSE');
  expect(
    files.filter((f) => !/^(dist\/|src\/.*\.ts$|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(f)),
  ).toEqual([]);
});

it('ships every file its source maps and declaration maps name', () => {
  const maps = files.filter((f) => f.endsWith('.map'));
  expect(maps).toContain('dist/cjs/index.js.map');
  expect(maps).toContain('dist/esm/index.d.ts.map');
  const missing: string[] = [];
  for (const map of maps) {
    const { sources } = JSON.parse(readFileSync(path.join(ROOT, map), 'utf8')) as { sources: string[] };
    for (const source of sources) {
      const file = path.posix.join(path.posix.dirname(map), source);
      if (!files.includes(file)) missing.push(`${map} names ${file}`);
    }
  }
  expect(missing).toEqual([]);
});

it("under node --enable-source-maps, a bad option's stack trace shows the TypeScript line, and names files that exist", () => {
  const dir = consumer(
    'source-maps',
    {},
    {
      'index.js': `const { useResponseChat } = require('express-useresponse');\nuseResponseChat({ securityKey: 5 });\n`,
    },
  );
  const result = run(process.execPath, ['--enable-source-maps', 'index.js'], dir);
  expect(result.status).not.toBe(0);
  const installed = path.join(dir, 'node_modules', 'express-useresponse');
  // The first lines: where it was thrown, in the package's TypeScript, and that line of it.
  const [where = '', line] = result.stderr.split('\n');
  const [, file = '', lineNumber] = /^(.+\.ts):(\d+)$/.exec(where) ?? [];
  expect(file.startsWith(path.join(installed, 'src', path.sep))).toBe(true);
  expect(readFileSync(file, 'utf8').split('\n')[Number(lineNumber) - 1]).toBe(line);
  const frames = [...result.stderr.matchAll(/\((\/[^():]+):\d+:\d+\)/g)].map((m) => m[1]!);
  const packageFrames = frames.filter((frame) => frame.startsWith(installed));
  expect(packageFrames.length).toBeGreaterThan(1);
  expect(packageFrames.filter((frame) => !frame.endsWith('.ts') || !existsSync(frame))).toEqual([]);
});

function expectWorkingApp(stdout: string) {
  const result = JSON.parse(stdout) as {
    html: string;
    token: string;
    hash: string;
    error: string;
    decoded: { userConfig: { token: string } };
  };
  // express-useresponse/testing resolves too.
  expect(result.decoded.userConfig.token).toBe(result.token);
  expect(result.token).toMatch(/^[0-9a-f]{64}$/);
  expect(result.html).toContain(`"token":"${result.token}"`);
  expect(result.hash).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  expect(result.error).toBe('ERR_USERESPONSE_OPTIONS');
}

it('works from CommonJS (require)', () => {
  const dir = consumer(
    'cjs',
    {},
    {
      'index.js': `const express = require('express');\nconst { useResponseChat, computeToken, UseResponseConfigError } = require('express-useresponse');\nconst { decodeChatPage } = require('express-useresponse/testing');\n${APP_BODY}`,
    },
  );
  const result = run(process.execPath, ['index.js'], dir);
  expect(result.stderr).toBe('');
  expectWorkingApp(result.stdout);
});

it('works from ESM (import)', () => {
  const dir = consumer(
    'esm',
    { type: 'module' },
    {
      'index.js': `import express from 'express';\nimport { useResponseChat, computeToken, UseResponseConfigError } from 'express-useresponse';\nimport { decodeChatPage } from 'express-useresponse/testing';\n${APP_BODY}`,
    },
  );
  const result = run(process.execPath, ['index.js'], dir);
  expect(result.stderr).toBe('');
  expectWorkingApp(result.stdout);
});

it('type-checks in strict TypeScript (nodenext), sees typed res.locals, and runs', () => {
  const dir = consumer(
    'ts',
    { type: 'module' },
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          outDir: 'out',
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['index.ts'],
      }),
      'index.ts': `import express from 'express';
import { useResponseChat, computeToken, UseResponseConfigError, type UseResponseChatConfig, type UseResponseOptions } from 'express-useresponse';
import { decodeChatPage, type DecodedChatPage } from 'express-useresponse/testing';

const decodedType = (html: string): DecodedChatPage | null => decodeChatPage(html);
void decodedType;
const options: UseResponseOptions = { logger: { warn: (message: string) => void message } };
void options;
const typed = (res: express.Response): UseResponseChatConfig | null => res.locals.useresponse;
void typed;
const html = (res: express.Response): string => res.locals.useresponseChat();
void html;
// @ts-expect-error: the helper returns a string, not a number
const wrong = (res: express.Response): number => res.locals.useresponseChat();
void wrong;
// @ts-expect-error: unknown option (it would throw at run time too)
const typo = () => useResponseChat({ securityKey: 'k', widgetSRC: 'x' });
void typo;
${APP_BODY.replace("app.get('/', (req, res) =>", "app.get('/', (req: express.Request, res: express.Response) =>").replace('app.use((req, res, next) => { req.user =', 'app.use((req: express.Request, res: express.Response, next: express.NextFunction) => { (req as { user?: object }).user =').replace('server.address().port', '(server.address() as { port: number }).port')}
`,
    },
  );
  const tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  const result = run(process.execPath, ['out/index.js'], dir);
  expect(result.stderr).toBe('');
  expectWorkingApp(result.stdout);
});

it('express-useresponse/browser: an ES module, typed for the DOM, that bundles for the browser with nothing else', () => {
  const dir = consumer(
    'browser',
    { type: 'module' },
    {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        include: ['app.ts'],
      }),
      'app.ts': `import { clearChat, refreshChat, startChat, type ChatConfig } from 'express-useresponse/browser';
const start = (): Promise<ChatConfig> => startChat({ configUrl: '/useresponse/config' });
const names = async (): Promise<string | undefined> => (await refreshChat()).identity?.userName;
const done: Promise<void> = clearChat();
// @ts-expect-error: configUrl is required
const missing = () => startChat({});
void [start, names, done, missing];
`,
      'entry.js': `import { startChat } from 'express-useresponse/browser';\nstartChat({ configUrl: '/c' });\n`,
      'keys.js': `import * as browser from 'express-useresponse/browser';\nconsole.log(Object.keys(browser).sort().join());\n`,
    },
  );
  const tsc = run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], dir);
  expect(tsc.stdout + tsc.stderr).toBe('');
  // Importing it touches no browser global, so Node (SSR, tests) can load it too.
  expect(run(process.execPath, ['keys.js'], dir).stdout.trim()).toBe('clearChat,refreshChat,startChat');
  const bundle = buildSync({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    absWorkingDir: dir,
  }).outputFiles[0]!.text;
  expect(bundle).toContain('startChat');
  expect(bundle).not.toMatch(/\brequire\(/);
});

it('installs the express-useresponse command', () => {
  const dir = consumer('bin', {}, {});
  const bin = path.join(dir, 'node_modules', '.bin', 'express-useresponse');
  const result = run(bin, ['token', 'email@domain.com'], dir, { USERESPONSE_SECURITY_KEY: 'security-token' });
  expect(result.stdout.trim()).toBe('60c403232010c69c21d32e768e6e0ec79df20be014b7c699bc1b269d93a30b07');
  expect(result.status).toBe(0);
});

it('installs without an engine warning on the Node versions CI tests, and with one elsewhere', () => {
  expect(installWarnings.length).toBeGreaterThan(0);
  const major = process.versions.node.split('.')[0]!;
  for (const stderr of installWarnings) {
    if (MATRIX.includes(major)) expect(stderr).not.toMatch(/EBADENGINE/);
    else expect(stderr).toMatch(/EBADENGINE/);
  }
});
