import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { express } from '../support/express';
import request from 'supertest';
import { useResponseChat, UseResponseConfigError, type UseResponseOptions } from '../../src/index';
import { WIDGET_SRC } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const ENV_KEYS = ['USERESPONSE_SECURITY_KEY', 'USERESPONSE_WIDGET_SRC'] as const;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
beforeEach(() => {
  for (const name of ENV_KEYS) {
    saved[name] = process.env[name];
    delete process.env[name];
  }
});
afterEach(() => {
  for (const name of ENV_KEYS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function configError(options: unknown): UseResponseConfigError {
  const error = thrown(() => useResponseChat(options as UseResponseOptions));
  expect(error).toBeInstanceOf(UseResponseConfigError);
  expect(error).toBeInstanceOf(Error);
  expect(typeof (error as UseResponseConfigError).code).toBe('string');
  return error as UseResponseConfigError;
}

describe('securityKey', () => {
  it.each([
    ['missing', {}],
    ['undefined', { securityKey: undefined }],
    ['empty', { securityKey: '' }],
    ['whitespace-only', { securityKey: ' \t\n ' }],
  ])('%s: names the option and the environment variable', (_name, options) => {
    const error = configError(options);
    expect(error.code).toBe('ERR_USERESPONSE_SECURITY_KEY');
    expect(error.message).toContain('securityKey');
    expect(error.message).toContain('USERESPONSE_SECURITY_KEY');
  });

  it('falls back to USERESPONSE_SECURITY_KEY', () => {
    process.env.USERESPONSE_SECURITY_KEY = TEST_KEY;
    expect(() => useResponseChat()).not.toThrow();
    expect(() => useResponseChat(Object.create(null) as UseResponseOptions)).not.toThrow();
  });

  it('says whether the key is unset or empty, and where', () => {
    expect(configError({}).message).toContain('are both unset');
    expect(configError({ securityKey: ' ' }).message).toContain('The `securityKey` option is empty');
  });

  // The option wins over the variable, so a set variable must not be called empty.
  it('an empty option, with the variable set, is called an empty option', () => {
    process.env.USERESPONSE_SECURITY_KEY = TEST_KEY;
    const error = configError({ securityKey: '' });
    expect(error.code).toBe('ERR_USERESPONSE_SECURITY_KEY');
    expect(error.message).toContain('The `securityKey` option is empty');
    expect(error.message).not.toMatch(/variable (is|are) empty|are empty/);
    expect(error.message).not.toContain(TEST_KEY);
  });

  it('an empty environment variable is an error too, named as such', () => {
    process.env.USERESPONSE_SECURITY_KEY = '   ';
    const error = configError(undefined);
    expect(error.code).toBe('ERR_USERESPONSE_SECURITY_KEY');
    expect(error.message).toContain('The USERESPONSE_SECURITY_KEY environment variable is empty');
  });

  // A key read with readFileSync keeps the file's last line break; hashed with it, every token fails.
  it.each([
    ['a line break read from a file', `${TEST_KEY}\n`, 'ends with a line break'],
    ['a Windows line break', `${TEST_KEY}\r\n`, 'ends with a line break'],
    ['a trailing space', `${TEST_KEY} `, 'starts or ends with whitespace'],
    ['a leading tab', `\t${TEST_KEY}`, 'starts or ends with whitespace'],
    ['a leading line break', `\n${TEST_KEY}`, 'starts or ends with whitespace'],
    ['two line breaks', `${TEST_KEY}\n\n`, 'starts or ends with whitespace'],
  ])('a key with %s is refused at start-up, without printing it', (_what, key, says) => {
    const error = configError({ securityKey: key });
    expect(error.code).toBe('ERR_USERESPONSE_SECURITY_KEY');
    expect(error.message).toContain('`securityKey` option');
    expect(error.message).toContain(says);
    expect(error.message).toContain('.trim()');
    expect(error.message).not.toContain(TEST_KEY);
  });

  it('so is one from USERESPONSE_SECURITY_KEY, named as such', () => {
    process.env.USERESPONSE_SECURITY_KEY = `${TEST_KEY}\n`;
    const error = configError(undefined);
    expect(error.code).toBe('ERR_USERESPONSE_SECURITY_KEY');
    expect(error.message).toContain('The USERESPONSE_SECURITY_KEY environment variable ends with a line break');
    expect(error.message).not.toContain(TEST_KEY);
  });

  it('whitespace inside the key is the key', () => {
    expect(() => useResponseChat({ securityKey: 'two words' })).not.toThrow();
  });

  it('a non-string key is a type error that does not print the value', () => {
    const error = configError({ securityKey: { value: 'nested-secret-value' } });
    expect(error.code).toBe('ERR_USERESPONSE_OPTION_TYPE');
    expect(error.message).toContain('securityKey');
    expect(error.message).not.toContain('nested-secret-value');
  });

  it('no option error contains the key', () => {
    for (const bad of [{ widgetSrc: 'javascript:alert(1)' }, { logger: 1 }, { identify: 'x' }, { nope: 1 }]) {
      expect(configError({ securityKey: TEST_KEY, ...bad }).message).not.toContain(TEST_KEY);
    }
  });
});

describe('widgetSrc', () => {
  it.each([
    'https://help.example.test/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js',
    '//help.example.test/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js',
    'HTTPS://help.example.test/sdk.js',
    'https://help.example.test:8443/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-1.js',
  ])('accepts %s', (widgetSrc) => {
    expect(() => useResponseChat({ securityKey: TEST_KEY, widgetSrc })).not.toThrow();
  });

  it.each([
    'javascript:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/javascript,alert(1)',
    'blob:https://help.example.test/uuid',
    'vbscript:msgbox(1)',
    'http://help.example.test/sdk.js',
    '\\\\evil.com/sdk.js',
    '/\\evil.com/sdk.js',
    'https:evil.com/sdk.js',
    'https://u:p@help.example.test/sdk.js',
    'https://u@help.example.test/sdk.js',
    'https://help.example.test/sdk.js"onload="alert(1)',
    "https://help.example.test/sdk.js'",
    'https://help.example.test/<script>.js',
    'https://help.example.test/sdk.js>',
    ' https://help.example.test/sdk.js',
    'https:///sdk.js',
    '/public/sdk/chat.js',
    '',
  ])('rejects %j', (widgetSrc) => {
    const error = configError({ securityKey: TEST_KEY, widgetSrc });
    expect(error.code).toBe('ERR_USERESPONSE_WIDGET_SRC');
    expect(error.message).toContain('widgetSrc');
  });

  it.each([
    ['ftp://help.example.com/https://x.js', 'must start with https:// or //'],
    ['https://[help.example.com/x.js', 'is not a valid URL'],
    ['https://user:pw@help.example.com/x.js', 'must not contain credentials'],
    ['https://user@help.example.com/x.js', 'must not contain credentials'],
    ['https://:pw@help.example.com/x.js', 'must not contain credentials'],
  ])('%s is refused: %s', (widgetSrc, reason) => {
    expect(configError({ securityKey: TEST_KEY, widgetSrc }).message).toContain(reason);
  });

  it('says why an empty or overlong URL is refused', () => {
    expect(configError({ securityKey: TEST_KEY, widgetSrc: '' }).message).toContain('is empty');
    const long = `https://help.example.test/${'a'.repeat(2048)}.js`;
    expect(configError({ securityKey: TEST_KEY, widgetSrc: long }).message).toContain('longer than 2048 characters');
    expect(() => useResponseChat({ securityKey: TEST_KEY, widgetSrc: long.slice(0, 2048) })).not.toThrow();
  });

  it('a non-string is a type error', () => {
    expect(configError({ securityKey: TEST_KEY, widgetSrc: new URL(WIDGET_SRC) }).code).toBe(
      'ERR_USERESPONSE_OPTION_TYPE',
    );
  });

  it('an empty USERESPONSE_WIDGET_SRC means no widget, as an unset one does', () => {
    const unset = useResponseChat({ securityKey: TEST_KEY }).cspDirectives();
    process.env.USERESPONSE_WIDGET_SRC = '';
    expect(useResponseChat({ securityKey: TEST_KEY }).cspDirectives()).toEqual(unset);
  });

  // Read from a file or a secret store, a URL keeps its line break; the message must say so, and where.
  it.each([
    ['a line break read from a file', `${WIDGET_SRC}\n`, 'ends with a line break (as read from a file)'],
    ['a Windows line break', `${WIDGET_SRC}\r\n`, 'ends with a line break (as read from a file)'],
    ['a leading space', ` ${WIDGET_SRC}`, 'starts or ends with whitespace'],
  ])('a URL with %s is refused, saying so and how to fix it', (_what, widgetSrc, says) => {
    const error = configError({ securityKey: TEST_KEY, widgetSrc });
    expect(error.code).toBe('ERR_USERESPONSE_WIDGET_SRC');
    expect(error.message).toContain(`The \`widgetSrc\` option ${says}`);
    expect(error.message).toContain('.trim()');
    process.env.USERESPONSE_WIDGET_SRC = widgetSrc;
    const fromEnv = configError({ securityKey: TEST_KEY });
    expect(fromEnv.message).toContain(
      `The USERESPONSE_WIDGET_SRC environment variable (read because the \`widgetSrc\` option is unset) ${says}`,
    );
  });

  it.each([
    ['https://help.example.test/sdk.js"onload="alert(1)', 'U+0022', 33],
    ['https://help.example.test/a b.js', 'U+0020', 28],
    ['https://help.example.test/\u0085.js', 'U+0085', 27],
    ['https://help.example.test/sdk.js>', 'U+003E', 33],
  ])('%j: the message names the refused character and where it is, in ASCII', (widgetSrc, code, at) => {
    const { message } = configError({ securityKey: TEST_KEY, widgetSrc });
    expect(message).toContain(`The \`widgetSrc\` option contains ${code} at character ${at}`);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('falls back to USERESPONSE_WIDGET_SRC and validates it', () => {
    process.env.USERESPONSE_WIDGET_SRC = 'javascript:alert(1)';
    expect(configError({ securityKey: TEST_KEY }).message).toContain('USERESPONSE_WIDGET_SRC');
    process.env.USERESPONSE_WIDGET_SRC = WIDGET_SRC;
    expect(() => useResponseChat({ securityKey: TEST_KEY })).not.toThrow();
  });
});

describe('other options', () => {
  it.each([
    ['identify', 'not a function'],
    ['nonce', 'abc'],
    ['logger', { log() {} }],
    ['logger', null],
    ['clearOnPageClose', 'yes'],
    ['clearOnSessionEnd', 1],
  ])('%s with a wrong type names the option', (option, value) => {
    const error = configError({ securityKey: TEST_KEY, [option]: value });
    expect(error.code).toBe('ERR_USERESPONSE_OPTION_TYPE');
    expect(error.message).toContain(`\`${option}\``);
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity, '100', 2 ** 31])('identifyTimeoutMs %p is rejected', (value) => {
    const error = configError({ securityKey: TEST_KEY, identifyTimeoutMs: value });
    expect(error.message).toContain('identifyTimeoutMs');
  });

  it.each([
    ['logger', null, 'but it is null'],
    ['identify', ['a'], 'but it is an array'],
    ['nonce', 'abc', 'but it is a string'],
  ])('%s of the wrong type says what it is (%j)', (option, value, shown) => {
    expect(configError({ securityKey: TEST_KEY, [option]: value }).message).toContain(shown);
  });

  it('an unknown key is named, with the known ones', () => {
    const error = configError({ securityKey: TEST_KEY, widgetSRC: WIDGET_SRC });
    expect(error.code).toBe('ERR_USERESPONSE_UNKNOWN_OPTION');
    expect(error.message).toContain('"widgetSRC"');
    expect(error.message).toContain('widgetSrc');
  });

  it.each([
    ['a string', 'key'],
    ['an array', []],
    ['a number', 5],
  ])('options that are %s are rejected', (_n, value) => {
    expect(configError(value).code).toBe('ERR_USERESPONSE_OPTIONS');
  });

  it('useResponseChat() and useResponseChat(null) take everything from the environment', () => {
    process.env.USERESPONSE_SECURITY_KEY = TEST_KEY;
    expect(() => useResponseChat()).not.toThrow();
    expect(() => useResponseChat(null as never)).not.toThrow();
  });

  it('identifyTimeoutMs takes every whole number of milliseconds from 1 to 2^31 - 1', () => {
    for (const identifyTimeoutMs of [1, 2 ** 31 - 1]) {
      expect(() => useResponseChat({ securityKey: TEST_KEY, identifyTimeoutMs })).not.toThrow();
    }
  });

  it('undefined values mean "not set"', () => {
    expect(() =>
      useResponseChat({
        securityKey: TEST_KEY,
        widgetSrc: undefined,
        identify: undefined,
        logger: undefined,
        nonce: undefined,
      }),
    ).not.toThrow();
  });
});

describe('app.use(useResponseChat) instead of app.use(useResponseChat())', () => {
  it('is explained with the right call, in a real app', async () => {
    const app = express();
    app.use(useResponseChat as unknown as RequestHandler);
    app.get('/', (_req, res) => res.send('ok'));
    const errors: unknown[] = [];
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      errors.push(error);
      res.status(500).send('failed');
    });
    await request(app).get('/').expect(500);
    expect(errors[0]).toBeInstanceOf(UseResponseConfigError);
    expect((errors[0] as UseResponseConfigError).code).toBe('ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE');
    expect((errors[0] as Error).message).toContain('useResponseChat()');
  });

  // Each hook, given to Express uncalled, would make every request it sees wait for ever (or, for
  // helpCenterLogin, fail with an options error that says nothing of the mistake).
  it.each(['logout', 'configHandler', 'clientScript', 'helpCenterLogin'] as const)(
    'chat.%s given to Express uncalled is explained with the right call, not a request that hangs',
    async (hook) => {
      const chat = useResponseChat({
        securityKey: TEST_KEY,
        clientScript: '/useresponse',
        helpCenter: { url: 'https://support.example.test', integrationDomain: 'example.test' },
      });
      const app = express();
      app.use(chat[hook] as unknown as RequestHandler);
      app.get('/', (_req, res) => res.send('ok'));
      const errors: unknown[] = [];
      app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        errors.push(error);
        res.status(500).send('failed');
      });
      await request(app).get('/').timeout(2000).expect(500);
      expect((errors[0] as UseResponseConfigError).code).toBe('ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE');
      expect((errors[0] as Error).message).toContain(`chat.${hook}()`);
    },
  );

  it('app.use(chat()), calling the middleware itself, is explained at start-up', () => {
    const chat = useResponseChat({ securityKey: TEST_KEY, logger: { warn: () => undefined } });
    const error = thrown(() => (chat as unknown as () => void)());
    expect(error).toBeInstanceOf(UseResponseConfigError);
    expect((error as UseResponseConfigError).code).toBe('ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE');
    expect(error.message).toContain('app.use(chat)');
  });

  it('a request passed alone, by hand, is explained the same way', () => {
    const req = { headers: {}, method: 'GET', url: '/' };
    expect(configError(req).code).toBe('ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE');
  });

  it.each([[{ method: 'GET', url: '/' }], [{ headers: {}, url: '/' }], [{ headers: {}, method: 'GET' }]])(
    "options with some of a request's keys (%j) are options with unknown keys",
    (options) => {
      expect(configError({ securityKey: TEST_KEY, ...options }).code).toBe('ERR_USERESPONSE_UNKNOWN_OPTION');
    },
  );
});

describe('chat.cspScriptHash', () => {
  it('is a plain read-only property, listed with the others', () => {
    const chat = useResponseChat({ securityKey: TEST_KEY });
    expect(Object.keys(chat)).toContain('cspScriptHash');
    expect(Object.getOwnPropertyDescriptor(chat, 'cspScriptHash')?.writable).toBe(false);
  });
});
