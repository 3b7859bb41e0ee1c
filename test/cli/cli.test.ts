// The express-useresponse command, run as a user runs it: the built bin in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeToken } from '../../src/index';
import { WIDGET_SRC } from '../support/app';
import { scriptElements } from '../support/html';
import { recordOutput, TEST_KEY } from '../support/secrets';

const BIN = path.join(__dirname, '..', '..', 'dist', 'cjs', 'cli', 'bin.js');

function cli(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.USERESPONSE_SECURITY_KEY;
  delete clean.USERESPONSE_WIDGET_SRC;
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
  // The secret guard checks everything the command printed.
  recordOutput(result.stdout + result.stderr);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function keyFile(contents: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ur-cli-')), 'key');
  writeFileSync(file, contents);
  return file;
}

describe('express-useresponse token', () => {
  it('prints the token, with the key from USERESPONSE_SECURITY_KEY', () => {
    const result = cli(['token', 'email@domain.com'], { USERESPONSE_SECURITY_KEY: 'security-token' });
    expect(result).toEqual({
      code: 0,
      stdout: '60c403232010c69c21d32e768e6e0ec79df20be014b7c699bc1b269d93a30b07\n',
      stderr: '',
    });
  });

  it('reads the key from --key-file, without its final newline, and trims the email as the middleware does', () => {
    for (const args of [['--key-file', keyFile(`${TEST_KEY}\n`)], [`--key-file=${keyFile(TEST_KEY)}`]]) {
      const result = cli(['token', ...args, '  brian@example.com ']);
      expect(result.stdout).toBe(`${computeToken(TEST_KEY, 'brian@example.com')}\n`);
      expect(result.code).toBe(0);
    }
  });

  it.each([['--key'], ['--security-key'], ['--key=abc']])('refuses %s on the command line (exit 2)', (flag) => {
    const result = cli(['token', flag, 'abc', 'a@b.c']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ps and kept in shell history.*--key-file/);
    expect(result.stdout).toBe('');
  });

  it('without a key: exit 3 naming USERESPONSE_SECURITY_KEY', () => {
    const result = cli(['token', 'a@b.c']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('USERESPONSE_SECURITY_KEY');
  });

  it('an unreadable key file: exit 4', () => {
    const result = cli(['token', '--key-file', '/nonexistent/key', 'a@b.c']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('ENOENT');
  });

  it.each([[''], ['a\u0001@b.c'], [`${'a'.repeat(251)}@b.c`]])('an unusable email %j: exit 5', (email) => {
    const result = cli(['token', email], { USERESPONSE_SECURITY_KEY: TEST_KEY });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
  });

  it('usage errors: exit 2', () => {
    expect(cli([]).code).toBe(2);
    expect(cli(['token']).code).toBe(2);
    expect(cli(['token', 'a@b.c', 'c@d.e']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    expect(cli(['token', '--colour', 'x']).code).toBe(2);
    expect(cli(['token', '--key-file']).code).toBe(2);
  });

  it('--help prints the usage: exit 0', () => {
    const result = cli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/express-useresponse token <email>/);
  });
});

describe('express-useresponse check', () => {
  it('validates the environment and prints the helper output for a sample user, never the key', () => {
    const result = cli(['check', '--email', 'sample@example.com', '--name', '</script>'], {
      USERESPONSE_SECURITY_KEY: TEST_KEY,
      USERESPONSE_WIDGET_SRC: WIDGET_SRC,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('securityKey: set');
    expect(result.stdout).toContain(`widgetSrc: ${WIDGET_SRC}`);
    expect(result.stdout).toContain(computeToken(TEST_KEY, 'sample@example.com'));
    expect(scriptElements(result.stdout)).toHaveLength(2);
    expect(result.stdout).not.toContain(TEST_KEY);
  });

  it('says when widgetSrc is not set', () => {
    const result = cli(['check'], { USERESPONSE_SECURITY_KEY: TEST_KEY });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/widgetSrc: not set/);
  });

  it('a bad widget URL in the environment: exit 3 naming it', () => {
    const result = cli(['check'], {
      USERESPONSE_SECURITY_KEY: TEST_KEY,
      USERESPONSE_WIDGET_SRC: 'javascript:alert(1)',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('USERESPONSE_WIDGET_SRC');
  });
});
