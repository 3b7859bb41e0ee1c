// The bootstrap a page carries is exactly esbuild's output of src/browser/bootstrap.ts, and the CSP hash is its hash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { attr, scriptElements, textOf } from '../support/html';

const ROOT = path.join(__dirname, '..', '..');

it('the helper emits the build of src/browser/bootstrap.ts, and chat.cspScriptHash is its SHA-256', async () => {
  const built = execFileSync(process.execPath, ['scripts/build-browser.mjs', '--print'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(built.length).toBeGreaterThan(200);

  const { app, chat } = createTestApp({ user: { email: 'brian@example.com', name: 'Brian C.' } });
  const html = (await request(app).get('/').expect(200)).text;
  const code = scriptElements(html).filter((script) => attr(script, 'type') === undefined);
  expect(code).toHaveLength(1);
  expect(textOf(code[0]!)).toBe(built);
  expect(chat.cspScriptHash).toBe(`'sha256-${createHash('sha256').update(built).digest('base64')}'`);
});
