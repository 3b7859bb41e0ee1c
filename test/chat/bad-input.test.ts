import request from 'supertest';
import { decodeChatPage } from '../../src/testing/index';
import type { UseResponseOptions } from '../../src/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { runPage } from '../support/run-page';
import { strictProxy } from '../support/strict-proxy';

/** The page renders with status 200 as for an anonymous visitor, and the logger says why. */
async function expectAnonymousWithWarning(chat: UseResponseOptions, warning: RegExp) {
  const { app, logger } = createTestApp({ chat });
  const res = await request(app).get('/').expect(200);
  expect(res.text).toContain('<h1>Home</h1>');
  expect(res.text).not.toContain('userEmail');
  expect(res.headers['cache-control']).toBeUndefined();
  const page = await runPage(res.text);
  expect(page.calls()).toEqual([]);
  expect(page.sdkRequests()).toBe(1);
  expect(logger.messages.join('\n')).toMatch(warning);
  return logger.messages;
}

describe('identify failures', () => {
  it('throws', async () => {
    const messages = await expectAnonymousWithWarning(
      {
        identify: () => {
          throw new Error('database down');
        },
      },
      /identify\(\) threw .*database down/,
    );
    expect(messages).toHaveLength(1);
  });

  it('rejects', async () => {
    await expectAnonymousWithWarning(
      { identify: () => Promise.reject(new Error('no session')) },
      /identify\(\) rejected .*no session/,
    );
  });

  it('hangs past identifyTimeoutMs', async () => {
    await expectAnonymousWithWarning(
      { identify: () => new Promise(() => {}), identifyTimeoutMs: 50 },
      /did not settle within 50 ms/,
    );
  });

  it('returns something that is not an object', async () => {
    await expectAnonymousWithWarning({ identify: () => 'brian@example.com' as never }, /must return/);
  });

  it('returns a strict Proxy that throws for any field it lacks, "then" included: the identity it has is used', async () => {
    const user = { email: 'strict@example.com', name: 'Strict', properties: { property_172: '188' } };
    const { app, logger } = createTestApp({ chat: { identify: () => strictProxy(user) } });
    const res = await request(app).get('/').expect(200);
    expect(decodeChatPage(res.text)?.userConfig).toMatchObject({
      userEmail: user.email,
      userName: user.name,
      properties: user.properties,
    });
    expect(logger.messages).toEqual([]);

    // Without a name it must read, it is anonymous, as for any getter that throws.
    await expectAnonymousWithWarning(
      { identify: () => strictProxy({ email: user.email }) },
      /reading the visitor's identity threw .*no field name/,
    );
  });

  it('returns an identity whose getter throws', async () => {
    const identity = {
      get email(): string {
        throw new Error('lazy load failed');
      },
    };
    await expectAnonymousWithWarning({ identify: () => identity }, /threw .*lazy load failed/);
  });

  it('a logger that throws does not break the page', async () => {
    const { app } = createTestApp({
      chat: {
        identify: () => {
          throw new Error('x');
        },
        logger: {
          warn() {
            throw new Error('logger down');
          },
        },
      },
    });
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('<h1>Home</h1>');
  });

  // An unhandled rejection stops a Node process by default: one bad identity would take the site down.
  it.each([
    ['an unusable email', () => ({ email: 'not\u0000an email' })],
    [
      'identify throwing',
      () => {
        throw new Error('x');
      },
    ],
  ])('an async logger that rejects leaves no unhandled rejection: %s', async (_what, identify) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let calls = 0;
      const { app } = createTestApp({
        chat: {
          identify,
          logger: {
            async warn() {
              calls++;
              await Promise.resolve();
              throw new Error('log shipper down');
            },
          },
        },
      });
      const res = await request(app).get('/').expect(200);
      expect(res.text).toContain('<h1>Home</h1>');
      expect(calls).toBe(1);
      // Node reports an unhandled rejection after the microtasks of the tick that made it.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('bad emails', () => {
  it.each([
    ['missing', {}, /has no email/],
    ['null', { email: null }, /has no email/],
    ['a number', { email: 42 }, /not a string/],
    ['an object', { email: { toString: () => 'a@b.c' } }, /not a string/],
    ['empty', { email: '' }, /empty email/],
    ['whitespace only', { email: ' \t ' }, /empty email/],
    ['over 254 characters', { email: `${'a'.repeat(243)}@example.com` }, /longer than 254/],
    ['containing a NUL', { email: 'a\u0000@example.com' }, /control characters/],
    ['containing a newline inside', { email: 'a\n@example.com' }, /control characters/],
    ['containing the last C0 control', { email: 'a\u001f@example.com' }, /control characters/],
    ['containing DEL', { email: 'a\u007f@example.com' }, /control characters/],
    ['containing the first C1 control', { email: 'a\u0080@example.com' }, /control characters/],
    ['containing the last C1 control', { email: 'a\u009f@example.com' }, /control characters/],
    ['containing a lone surrogate', { email: 'a\ud800@example.com' }, /lone surrogate/],
  ])('%s: anonymous page and a warning that does not quote it', async (_name, identity, warning) => {
    const messages = await expectAnonymousWithWarning({ identify: () => identity as never }, warning);
    expect(messages.join('\n')).not.toContain('@example.com');
  });

  it('the characters just outside the controls are accepted', async () => {
    const email = 'a\u0020b\u007e\u00a0c@example.com';
    const { app } = createTestApp({ chat: { identify: () => ({ email }) } });
    expect((await request(app).get('/config')).body.config.userEmail).toBe(email);
  });

  it('254 characters is still accepted', async () => {
    const email = `${'a'.repeat(242)}@example.com`;
    expect(email).toHaveLength(254);
    const { app } = createTestApp({ chat: { identify: () => ({ email }) } });
    expect((await request(app).get('/config')).body.config.userEmail).toBe(email);
  });

  it('a name that is not a string is left out with a warning; the identity stays', async () => {
    const { app, logger } = createTestApp({
      chat: { identify: () => ({ email: 'n@example.com', name: 42 as never }) },
    });
    const { body } = await request(app).get('/config');
    expect(body.config.userEmail).toBe('n@example.com');
    expect(body.config).not.toHaveProperty('userName');
    expect(logger.messages.join()).toMatch(/name is a number/);
  });
});

describe('a page whose headers were already sent', () => {
  it('gets no identity, since it can no longer be marked uncacheable, and a warning', async () => {
    const { app, logger } = createTestApp({ user: { email: 'stream@example.com' } });
    app.get('/stream', (_req, res) => {
      res.write('<!doctype html><html><body>');
      res.end(`${res.locals.useresponseChat()}</body></html>`);
    });
    const res = await request(app).get('/stream').expect(200);
    expect(res.text).not.toContain('stream@example.com');
    expect(res.headers['cache-control']).toBeUndefined();
    expect(logger.messages.join()).toMatch(/after the headers were sent/);
  });

  it('still gets the widget loader for an anonymous visitor, who has nothing to keep out of caches', async () => {
    const { app, logger } = createTestApp();
    app.get('/stream', (_req, res) => {
      res.write('<!doctype html><html><body>');
      res.end(`${res.locals.useresponseChat()}</body></html>`);
    });
    const res = await request(app).get('/stream').expect(200);
    expect(decodeChatPage(res.text)).toEqual({ userConfig: null, clear: false, widgetSrc: WIDGET_SRC });
    expect(logger.messages).toEqual([]);
  });
});

describe('a bad identity read several times for one page', () => {
  it('is validated once: one warning, however often the route and the template read it', async () => {
    const { app, logger } = createTestApp({ user: { email: 42, name: 'N' } });
    const seen: unknown[] = [];
    app.get('/twice', (_req, res) => {
      seen.push(res.locals.useresponse, res.locals.useresponse);
      res.render('page', { title: 'Twice' });
    });
    const res = await request(app).get('/twice').expect(200);
    expect(seen).toEqual([null, null]);
    expect(decodeChatPage(res.text)?.userConfig).toBeNull();
    expect(logger.messages).toHaveLength(1);
  });
});

describe('the default logger', () => {
  it('writes warnings to console.warn', async () => {
    const spy = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const { app } = createTestApp({
        chat: {
          logger: undefined,
          identify: () => {
            throw new Error('to the console');
          },
        },
      });
      await request(app).get('/').expect(200);
      expect(spy).toHaveBeenCalledWith(
        expect.stringMatching(/^express-useresponse: identify\(\) threw .*to the console/),
      );
    } finally {
      spy.mockRestore();
    }
  });
});
