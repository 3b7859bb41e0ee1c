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

  // The app refuses such a key at start-up; the command must not print a token the app never makes.
  it('a key with more whitespace than one final line break: exit 3, as the app refuses it', () => {
    for (const [args, env, says] of [
      [['--key-file', keyFile(`${TEST_KEY}\n\n`)], {}, 'The key file ends with a line break'],
      [['--key-file', keyFile(` ${TEST_KEY}\n`)], {}, 'The key file starts or ends with whitespace'],
      [[], { USERESPONSE_SECURITY_KEY: `${TEST_KEY} ` }, 'USERESPONSE_SECURITY_KEY environment variable starts or'],
    ] as const) {
      const result = cli(['token', ...args, 'a@b.c'], env);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(says);
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain(TEST_KEY);
    }
  });

  // An empty key file, not an empty option or variable: the message must send the user to the file.
  it('an empty key file: exit 3, naming the file rather than the option or the variable', () => {
    for (const contents of ['', '\n', ' \r\n']) {
      const file = keyFile(contents);
      const result = cli(['token', '--key-file', file, 'a@b.c'], { USERESPONSE_SECURITY_KEY: TEST_KEY });
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`The key file ${JSON.stringify(file)} is empty`);
      expect(result.stderr).not.toContain('`securityKey` option');
    }
  });

  // An email may start with "--" ("--a@b.c" is a valid address); "--" ends the options, as in most commands.
  it('takes "--" as the end of the options', () => {
    const env = { USERESPONSE_SECURITY_KEY: TEST_KEY };
    expect(cli(['token', '--', '--a@b.c'], env)).toEqual({
      code: 0,
      stdout: `${computeToken(TEST_KEY, '--a@b.c')}\n`,
      stderr: '',
    });
    expect(cli(['token', '--', '--key-file', 'x'], env).code).toBe(2);
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

describe('express-useresponse help-center-link and help-center-verify', () => {
  const VECTOR = {
    USERESPONSE_SECURITY_KEY: 'security-token',
    USERESPONSE_HELP_CENTER_URL: 'https://support.example.com',
    USERESPONSE_INTEGRATION_DOMAIN: 'example.com',
  };
  const BRIAN_LINK =
    'https://support.example.com/sso/i536j5s5k4i49414g5n4h4/j4x5r5g5i4e2b314/i5s5j5o5g4a384u5q594d4g4q2i5l4h4/5454/879177e1048d47831e7ec2f907525da88d59db83/direct-sso';

  it('prints the public vector link, with the settings from the environment', () => {
    const result = cli(['help-center-link', '--email', 'email@domain.com', '--name', 'Brian C.', '--id', '42'], VECTOR);
    expect(result).toEqual({ code: 0, stdout: `${BRIAN_LINK}\n`, stderr: '' });
  });

  it('takes the settings and a redirect as flags, and the key from --key-file', () => {
    const result = cli([
      'help-center-link',
      '--key-file',
      keyFile('security-token\n'),
      '--help-center-url=https://support.example.com',
      '--integration-domain=example.com',
      '--email=email@domain.com',
      '--name=Brian C.',
      '--id=42',
      '--redirect=https://support.example.com/topic/1',
    ]);
    expect(result.stdout).toBe(`${BRIAN_LINK}?redirect=https%3A%2F%2Fsupport.example.com%2Ftopic%2F1\n`);
    expect(result.code).toBe(0);
  });

  it('refuses a redirect off the help center (exit 3) and a missing id (exit 2)', () => {
    const off = cli(['help-center-link', '--email=a@b.c', '--id=1', '--redirect=https://evil.example/'], VECTOR);
    expect(off.code).toBe(3);
    expect(off.stderr).toContain("not on the help center's origin");
    expect(off.stdout).toBe('');
    const noId = cli(['help-center-link', '--email=a@b.c'], VECTOR);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('--id');
  });

  it('without the help center settings: exit 3 naming them', () => {
    const result = cli(['help-center-link', '--email=a@b.c', '--id=1'], { USERESPONSE_SECURITY_KEY: 'k' });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('USERESPONSE_HELP_CENTER_URL');
  });

  it('verify says whom a link signs in, with what properties, and that its hash is valid', () => {
    const link = `${BRIAN_LINK}?redirect=https%3A%2F%2Fsupport.example.com%2Ftopic%2F1&properties%5Bproperty_172%5D=24b4e4`;
    const result = cli(['help-center-verify', link], { USERESPONSE_SECURITY_KEY: 'security-token' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('help center:        https://support.example.com\n');
    expect(result.stdout).toContain('integration domain: "example.com"\n');
    expect(result.stdout).toContain('name:               "Brian C."\n');
    expect(result.stdout).toContain('email:              "email@domain.com"\n');
    expect(result.stdout).toContain('id:                 "42"\n');
    expect(result.stdout).toContain('redirect:           "https://support.example.com/topic/1"\n');
    expect(result.stdout).toContain('"property_172": "188"\n');
    expect(result.stdout).toContain('hash: valid');
  });

  it('verify reports a tampered link, or one checked with another key, as invalid (exit 6)', () => {
    const tampered = BRIAN_LINK.replace('/5454/', '/6454/');
    for (const [link, key] of [
      [tampered, 'security-token'],
      [BRIAN_LINK, TEST_KEY],
    ] as const) {
      const result = cli(['help-center-verify', link], { USERESPONSE_SECURITY_KEY: key });
      expect(result.code).toBe(6);
      expect(result.stdout).toContain('hash: INVALID');
    }
  });

  it('verify refuses what is not a link (exit 6), and --key (exit 2)', () => {
    expect(cli(['help-center-verify', 'https://support.example.com/'], VECTOR).code).toBe(6);
    expect(cli(['help-center-verify', '--key', 'security-token', BRIAN_LINK]).code).toBe(2);
  });
});
