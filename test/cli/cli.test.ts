// The express-useresponse command: main() in process, as bin.ts calls it (so mutation testing reaches
// it), and the built bin in a child process, as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { main } from '../../src/cli/cli';
import { computeToken } from '../../src/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { scriptElements } from '../support/html';
import { recordOutput, TEST_KEY } from '../support/secrets';

const BIN = path.join(__dirname, '..', '..', 'dist', 'cjs', 'cli', 'bin.js');
/** Every variable the command reads; each call starts with none of them set but those it gives. */
const VARIABLES = [
  'USERESPONSE_SECURITY_KEY',
  'USERESPONSE_WIDGET_SRC',
  'USERESPONSE_HELP_CENTER_URL',
  'USERESPONSE_INTEGRATION_DOMAIN',
] as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const saved = VARIABLES.map((name) => process.env[name]);
  for (const name of VARIABLES) delete process.env[name];
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    // bin.ts writes each line with a line break, as these do.
    const code = main(args, { out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) });
    return { code, stdout, stderr };
  } finally {
    // The secret guard checks everything the command printed.
    recordOutput(stdout + stderr);
    VARIABLES.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
  }
}

function installed(args: string[], env: Record<string, string> = {}): Run {
  const clean = { ...process.env };
  for (const name of VARIABLES) delete clean[name];
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...clean, ...env } });
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
      // Every command that reads the key names where it came from, check included.
      for (const command of [['token', 'a@b.c'], ['check']]) {
        const result = cli([command[0]!, ...args, ...command.slice(1)], env);
        expect(result.code).toBe(3);
        expect(result.stderr).toContain(says);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toContain(TEST_KEY);
      }
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

  it.each(['--key', '--security-key', '--securityKey', '--key=x'])(
    'refuses %s: a key on the command line (exit 2)',
    (flag) => {
      const result = cli(['token', flag, 'x', 'a@b.c'], { USERESPONSE_SECURITY_KEY: TEST_KEY });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('visible to ps and kept in shell history');
    },
  );

  it('a key file whose key starts with a line break: exit 3 (only the final line break is dropped)', () => {
    const result = cli(['token', '--key-file', keyFile(`\n${TEST_KEY}\n`), 'a@b.c']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('The key file starts or ends with whitespace');
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

  it.each([
    [['token'], 'token takes exactly one email.'],
    [['token', 'a@b.c', 'c@d.e'], 'token takes exactly one email.'],
    [['frobnicate'], 'Unknown command "frobnicate".'],
    [['token', '--colour', 'a@b.c'], 'Unknown option --colour.'],
    [['token', 'a@b.c', '--key-file'], '--key-file needs a value.'],
    [['check', 'a@b.c'], 'check takes no arguments.'],
    [['help-center-link', 'a@b.c', '--email=a@b.c', '--id=1'], 'help-center-link takes no arguments.'],
    [['help-center-link', '--id=1'], 'help-center-link needs --email and --id'],
    [['help-center-verify', 'https://a.example/', 'https://b.example/'], 'help-center-verify takes exactly one URL.'],
  ])('usage error %j: exit 2, saying what is wrong on stderr', (args, says) => {
    const result = cli(args, { USERESPONSE_SECURITY_KEY: TEST_KEY });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(says);
  });

  it('no command: the usage on stderr, exit 2', () => {
    const result = cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage:\n/);
  });

  it.each([[['--help']], [['help']], [['token', '--help']]])('%j prints the usage on stdout: exit 0', (args) => {
    const result = cli(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}express-useresponse token <email>/);
    expect(result.stderr).toBe('');
  });

  // Only its own errors become exit codes; anything else is a bug, and must show as one.
  it('an unexpected failure is thrown, not reported as a configuration problem', () => {
    const failure = new TypeError('stdout is gone');
    process.env.USERESPONSE_SECURITY_KEY = TEST_KEY;
    try {
      const io = {
        out: () => {
          throw failure;
        },
        err: () => undefined,
      };
      expect(() => main(['token', 'a@b.c'], io)).toThrow(failure);
    } finally {
      delete process.env.USERESPONSE_SECURITY_KEY;
    }
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

  // What it promises: the helper's output, byte for byte, as a real app's page would carry it.
  it.each([
    [
      ['--email', 'sample@example.com', '--name', 'Sam </script>'],
      { email: 'sample@example.com', name: 'Sam </script>' },
    ],
    [[], { email: 'jane.doe@example.com', name: 'Jane Doe' }],
  ])('%j prints exactly what the helper emits for that user', async (flags, user) => {
    const result = cli(['check', ...flags], { USERESPONSE_SECURITY_KEY: TEST_KEY, USERESPONSE_WIDGET_SRC: WIDGET_SRC });
    const { app } = createTestApp({ user, before: [(_req, res) => void res.send(res.locals.useresponseChat())] });
    const page = await request(app).get('/helper').expect(200);
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith(`, without a nonce:\n\n${page.text}\n`)).toBe(true);
  });

  it('names the widget instance, or says the URL is not of the usual shape', () => {
    const usual = cli(['check'], { USERESPONSE_SECURITY_KEY: TEST_KEY, USERESPONSE_WIDGET_SRC: WIDGET_SRC });
    expect(usual.stdout).toContain(
      `widgetSrc: ${WIDGET_SRC} (instance uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709)\n`,
    );
    const other = cli(['check'], {
      USERESPONSE_SECURITY_KEY: TEST_KEY,
      USERESPONSE_WIDGET_SRC: 'https://help.example.test/sdk.js',
    });
    expect(other.stdout).toContain("widgetSrc: https://help.example.test/sdk.js (not UseResponse's usual");
  });

  it('takes the key from --key-file', () => {
    const result = cli(['check', '--key-file', keyFile(`${TEST_KEY}\n`), '--email', 'sample@example.com']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(computeToken(TEST_KEY, 'sample@example.com'));
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

  it.each([
    [{}],
    [{ USERESPONSE_HELP_CENTER_URL: VECTOR.USERESPONSE_HELP_CENTER_URL }],
    [{ USERESPONSE_INTEGRATION_DOMAIN: VECTOR.USERESPONSE_INTEGRATION_DOMAIN }],
  ])('without both help center settings (%j): exit 3 naming them', (settings) => {
    const result = cli(['help-center-link', '--email=a@b.c', '--id=1'], { USERESPONSE_SECURITY_KEY: 'k', ...settings });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('help-center-link needs the help center and the Integration Domain');
    expect(result.stderr).toContain('USERESPONSE_HELP_CENTER_URL');
  });

  // The CLI's user set a flag or a variable, not helpCenterSsoUrl()'s helpCenterUrl or integrationDomain.
  it.each([
    [
      ['--help-center-url=http://support.example.com'],
      {},
      /^express-useresponse: `--help-center-url` must use https:\/\//,
    ],
    [
      [],
      { USERESPONSE_HELP_CENTER_URL: 'http://support.example.com' },
      /^express-useresponse: `USERESPONSE_HELP_CENTER_URL` must use https:\/\//,
    ],
    [['--integration-domain=example com'], {}, /^express-useresponse: `--integration-domain` must be a host name/],
    [
      [],
      { USERESPONSE_INTEGRATION_DOMAIN: 'example.com\n' },
      /^express-useresponse: `USERESPONSE_INTEGRATION_DOMAIN` ends with a line break/,
    ],
  ])(
    'a bad help center setting %j %j: exit 3, naming the flag or variable that was read',
    (flags, settings, message) => {
      const result = cli(['help-center-link', '--email=a@b.c', '--id=1', ...flags], { ...VECTOR, ...settings });
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/helpCenterUrl|integrationDomain/);
    },
  );

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

describe('the installed command', () => {
  it('prints to stdout and exits 0', () => {
    expect(installed(['token', 'email@domain.com'], { USERESPONSE_SECURITY_KEY: 'security-token' })).toEqual({
      code: 0,
      stdout: '60c403232010c69c21d32e768e6e0ec79df20be014b7c699bc1b269d93a30b07\n',
      stderr: '',
    });
  });

  it('says what is wrong on stderr and exits with its code', () => {
    const usage = installed(['token']);
    expect(usage.code).toBe(2);
    expect(usage.stdout).toBe('');
    expect(usage.stderr).toMatch(/^express-useresponse: token takes exactly one email\.\n/);
    const noKey = installed(['token', 'a@b.c']);
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('USERESPONSE_SECURITY_KEY');
    expect(installed(['token', '--key-file', '/nonexistent/key', 'a@b.c']).code).toBe(4);
  });
});
