import { createHash } from 'node:crypto';
import type { Express, NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { computeToken, useResponseChat, UseResponseConfigError } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { createTestApp, recordingLogger, WIDGET_SRC } from '../support/app';
import { cdnCachingOf, setCdnCaching } from '../support/cdn-headers';
import { express, EXPRESS_MAJOR } from '../support/express';
import { scriptElements, textOf } from '../support/html';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
const PAGE = '<!doctype html><html><head><title>t</title></head><body><h1>t</h1></body></html>';

describe('chat.configHandler()', () => {
  it('answers an identified visitor with the widget and identity, uncacheable', async () => {
    const { app, chat } = createTestApp({ user: BRIAN });
    app.get('/chat-config', chat.configHandler());
    const res = await request(app).get('/chat-config').expect(200).expect('Content-Type', /json/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.vary).toMatch(/\bCookie\b/);
    expect(res.body).toEqual({
      widgetSrc: WIDGET_SRC,
      identity: {
        token: computeToken(TEST_KEY, BRIAN.email),
        userEmail: BRIAN.email,
        userName: 'Brian C.',
        properties: {},
      },
    });
  });

  it('answers an anonymous visitor with a null identity', async () => {
    const { app, chat } = createTestApp();
    app.get('/chat-config', chat.configHandler());
    const res = await request(app).get('/chat-config').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ widgetSrc: WIDGET_SRC, identity: null });
  });

  it("drops the CDN's own caching headers, identified or not", async () => {
    for (const user of [BRIAN, undefined]) {
      const { app, chat } = createTestApp({ user, before: [setCdnCaching] });
      app.get('/chat-config', chat.configHandler());
      expect(cdnCachingOf((await request(app).get('/chat-config').expect(200)).headers)).toEqual([]);
    }
  });

  it('carries no ETag, identified or not: a no-store answer is never revalidated', async () => {
    for (const user of [BRIAN, undefined]) {
      const { app, chat } = createTestApp({ user });
      app.get('/chat-config', chat.configHandler());
      const res = await request(app).get('/chat-config').expect(200);
      expect(res.headers.etag).toBeUndefined();
      await request(app).get('/chat-config').set('If-None-Match', 'W/').expect(200);
    }
  });

  // The answer carries the visitor's token: even an app whose CORS setup reflects any origin with
  // credentials (a common mistake) must not let another site read it.
  it('refuses a cross-site request, without computing the token, and says so to the logger', async () => {
    const logger = recordingLogger();
    const identify = jest.fn(() => BRIAN);
    const chat = useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, identify, logger });
    const app = express();
    app.use((req, res, next) => {
      res.set({ 'Access-Control-Allow-Origin': req.get('Origin') ?? '*', 'Access-Control-Allow-Credentials': 'true' });
      next();
    });
    app.get('/chat-config', chat.configHandler());
    const res = await request(app)
      .get('/chat-config')
      .set({ 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' })
      .expect(403);
    expect(res.body).toEqual({ error: 'cross-site request refused' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toContain(computeToken(TEST_KEY, BRIAN.email));
    expect(res.text).not.toContain(BRIAN.email);
    expect(identify).not.toHaveBeenCalled();
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain('"https://evil.example"');
    for (const site of ['same-origin', 'same-site', 'none']) {
      const ok = await request(app).get('/chat-config').set('Sec-Fetch-Site', site).expect(200);
      expect(ok.body.identity.userEmail).toBe(BRIAN.email);
    }
    expect((await request(app).get('/chat-config').expect(200)).body.identity.userEmail).toBe(BRIAN.email);
  });

  it('refuses it also behind app.use(chat)', async () => {
    const { app, chat, logger } = createTestApp({ user: BRIAN });
    app.get('/chat-config', chat.configHandler());
    const res = await request(app).get('/chat-config').set('Sec-Fetch-Site', 'cross-site').expect(403);
    expect(res.text).not.toContain(BRIAN.email);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(logger.messages).toHaveLength(1);
  });

  // "Nobody is logged in" would make the ES module clear a logged-in visitor's chat (refreshChat
  // clears a visitor who is gone) each time the user store has a hiccup.
  it.each([
    [
      'throws',
      () => {
        throw new Error('user store down');
      },
    ],
    ['rejects', () => Promise.reject(new Error('user store down'))],
    ['hangs past identifyTimeoutMs', () => new Promise<never>(() => {})],
  ])(
    'answers 503, not an anonymous visitor, when identify %s, with or without app.use(chat)',
    async (_how, identify) => {
      for (const mounted of [true, false]) {
        const logger = recordingLogger();
        const chat = useResponseChat({
          securityKey: TEST_KEY,
          widgetSrc: WIDGET_SRC,
          identify,
          identifyTimeoutMs: 30,
          logger,
        });
        const app = express();
        if (mounted) app.use(chat);
        app.get('/chat-config', chat.configHandler());
        app.get('/page', (_req, res) => res.send(res.locals.useresponseChat()));
        const res = await request(app).get('/chat-config').timeout(2000).expect(503);
        expect(res.body).toEqual({ error: 'identity unavailable' });
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers.etag).toBeUndefined();
        expect(logger.messages).toEqual([
          expect.stringMatching(
            /identify\(\) (threw|rejected with) "Error: user store down"|did not settle within 30 ms/,
          ),
        ]);
        // A page still renders, as for an anonymous visitor.
        if (mounted) expect((await request(app).get('/page').timeout(2000).expect(200)).text).toContain(WIDGET_SRC);
      }
    },
  );

  it('answers with its own identify and key behind another useResponseChat() mounted before it', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const other = useResponseChat({
      securityKey: 'another-key',
      identify: () => ({ email: 'alice@example.com' }),
      logger: recordingLogger(),
    });
    app.get('/other/config', other.configHandler());
    const res = await request(app).get('/other/config').expect(200);
    expect(res.body).toEqual({
      widgetSrc: null,
      identity: {
        token: computeToken('another-key', 'alice@example.com'),
        userEmail: 'alice@example.com',
        properties: {},
      },
    });
  });

  it('works without app.use(chat), and widgetSrc is null when not configured', async () => {
    const chat = useResponseChat({
      securityKey: TEST_KEY,
      logger: recordingLogger(),
      identify: () => ({ email: 'spa@example.com' }),
    });
    const app = express();
    app.get('/chat-config', chat.configHandler());
    const res = await request(app).get('/chat-config').expect(200);
    expect(res.body).toEqual({ widgetSrc: null, identity: expect.objectContaining({ userEmail: 'spa@example.com' }) });
  });

  it.each([
    [
      'a res.locals it cannot extend',
      (res: Response) => void (res.locals = Object.freeze({}) as Response['locals']),
      /not extensible/,
    ],
    ['headers already sent', (res: Response) => res.flushHeaders(), /after they are sent/],
  ])(
    "without app.use(chat), %s reaches the app's error handler, with identify sync or async",
    async (_what, spoil, message) => {
      for (const identify of [() => BRIAN, () => Promise.resolve(BRIAN)]) {
        const chat = useResponseChat({ securityKey: TEST_KEY, logger: recordingLogger(), identify });
        const app = express();
        const errors: unknown[] = [];
        app.use((_req, res, next) => {
          spoil(res);
          next();
        });
        app.get('/chat-config', chat.configHandler());
        app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
          errors.push(error.message);
          res.end();
        });
        await request(app).get('/chat-config').timeout(2000);
        expect(errors).toEqual([expect.stringMatching(message)]);
      }
    },
  );
});

describe('autoInclude', () => {
  function appWith(options: { excludePaths?: (string | RegExp)[] } = {}) {
    const { app } = createTestApp({ user: BRIAN, chat: { autoInclude: true, ...options } });
    app.get('/html', (_req, res) => res.send(PAGE));
    app.get('/upper', (_req, res) => res.send(PAGE.replace('</body>', '</BODY >')));
    app.get('/two-bodies', (_req, res) => res.send(`<!-- </body> --> ${PAGE}`));
    app.get('/no-body', (_req, res) => res.send('<p>fragment</p>'));
    app.get('/text', (_req, res) => res.type('text/plain').send(PAGE));
    app.get('/json', (_req, res) => res.json({ html: PAGE }));
    app.get('/missing', (_req, res) => res.status(404).send(PAGE));
    app.get('/error', (_req, res) => res.status(500).send(PAGE));
    app.get('/redirect', (_req, res) => res.redirect('/html'));
    app.get('/skip', (_req, res) => {
      res.locals.useresponseSkip = true;
      res.send(PAGE);
    });
    app.get('/admin/users', (_req, res) => res.send(PAGE));
    app.get('/administrator', (_req, res) => res.send(PAGE));
    app.get('/reports/2026', (_req, res) => res.send(PAGE));
    app.post('/html', (_req, res) => res.send(PAGE));
    return app;
  }
  const calls = async (html: string) => (await runPage(html)).calls().map((c) => c.method);

  it('puts the chat before </body> of an HTML page sent with res.send', async () => {
    const res = await request(appWith()).get('/html').expect(200);
    expect(res.text).toMatch(/<h1>t<\/h1><script type="application\/json"[^]*<\/script><\/body><\/html>$/);
    expect(await calls(res.text)).toEqual(['userConfig']);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  });

  it('and into pages rendered by a template that does not call the helper', async () => {
    const res = await request(appWith()).get('/plain').expect(200);
    expect(scriptElements(res.text)).toHaveLength(2);
  });

  it('uses the last </body>, in any case', async () => {
    for (const route of ['/upper', '/two-bodies']) {
      const res = await request(appWith()).get(route);
      const at = res.text.search(/<\/body\s*>(?![^]*<\/body)/i);
      expect(res.text.slice(0, at)).toMatch(/<\/script>$/);
      expect(scriptElements(res.text)).toHaveLength(2);
    }
  });

  it('does not add it twice to a page that already called the helper', async () => {
    const res = await request(appWith()).get('/');
    expect(scriptElements(res.text)).toHaveLength(2);
  });

  it.each([
    ['a HEAD request', 'head', '/html'],
    ['a POST request', 'post', '/html'],
    ['a redirect', 'get', '/redirect'],
    ['a 404', 'get', '/missing'],
    ['a 500', 'get', '/error'],
    ['JSON', 'get', '/json'],
    ['text/plain', 'get', '/text'],
    ['a page without </body>', 'get', '/no-body'],
    ['res.locals.useresponseSkip', 'get', '/skip'],
  ] as const)('leaves %s alone', async (_name, method, route) => {
    const res = await request(appWith())[method](route);
    expect(res.text ?? '').not.toContain('data-useresponse');
    expect(res.headers['cache-control']).toBeUndefined();
  });

  it('respects excludePaths: a string matches the path and what is under it, a RegExp is tested', async () => {
    const app = appWith({ excludePaths: ['/admin', /^\/reports\//] });
    expect((await request(app).get('/admin/users')).text).not.toContain('data-useresponse');
    expect((await request(app).get('/reports/2026')).text).not.toContain('data-useresponse');
    expect((await request(app).get('/administrator')).text).toContain('data-useresponse');
    expect((await request(app).get('/html')).text).toContain('data-useresponse');
  });

  it('a string in excludePaths excludes the path in any case, as Express routes it there', async () => {
    const app = appWith({ excludePaths: ['/Admin'] });
    for (const path of ['/admin/users', '/ADMIN/users', '/Admin/Users']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).not.toContain('data-useresponse');
    }
    expect((await request(app).get('/administrator')).text).toContain('data-useresponse');
  });

  it('a RegExp with the g or y flag excludes its paths on every request, not every other one', async () => {
    const app = appWith({ excludePaths: [/^\/admin\//g, /\/reports\//y] });
    for (let i = 0; i < 3; i++) {
      expect((await request(app).get('/admin/users')).text).not.toContain('data-useresponse');
      expect((await request(app).get('/reports/2026')).text).not.toContain('data-useresponse');
    }
    // Sticky: the RegExp matches where the path starts, or not at all.
    app.get('/old/reports/2026', (_req, res) => res.send(PAGE));
    expect((await request(app).get('/old/reports/2026')).text).toContain('data-useresponse');
  });

  it("passes Express 4's res.send(status, body) and res.send(body, status) on as Express takes them", async () => {
    const legacy = (app: Express) => {
      const send = (res: Response, ...args: unknown[]) => (res.send as (...a: unknown[]) => Response)(...args);
      app.get('/status-first', (_req, res) => send(res, 404, PAGE));
      app.get('/status-last', (_req, res) => send(res, PAGE, 404));
      return app;
    };
    const withChat = legacy(appWith());
    const withoutChat = legacy(createTestApp({ user: BRIAN }).app);
    // Express 4's notices of the deprecated forms, which depd hands to these listeners instead of
    // printing them: the app still gets the same notices through the chat's wrapper.
    const notices: string[] = [];
    const record = (error: Error) => notices.push(error.message);
    process.on('deprecation', record);
    const noticesOf = async (app: Express, path: string) => {
      notices.length = 0;
      const res = await request(app).get(path);
      return { status: res.status, text: res.text, notices: [...notices] };
    };
    try {
      for (const path of ['/status-first', '/status-last']) {
        const expected = await noticesOf(withoutChat, path);
        if (EXPRESS_MAJOR === 4) {
          expect([expected.status, expected.text]).toEqual([404, PAGE]);
          expect(expected.notices).toEqual([
            path === '/status-first'
              ? 'res.send(status, body): Use res.status(status).send(body) instead'
              : 'res.send(body, status): Use res.status(status).send(body) instead',
          ]);
        }
        expect(await noticesOf(withChat, path)).toEqual(expected);
      }
    } finally {
      process.off('deprecation', record);
    }
  });

  it('is off by default', async () => {
    const { app } = createTestApp({ user: BRIAN });
    app.get('/html', (_req, res) => res.send(PAGE));
    expect((await request(app).get('/html')).text).toBe(PAGE);
  });

  it('an excluded path is excluded itself, not only what is under it', async () => {
    const app = appWith({ excludePaths: ['/html'] });
    expect((await request(app).get('/html')).text).not.toContain('data-useresponse');
  });

  it('a page sent with an explicit text/html type gets the chat', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { autoInclude: true } });
    app.get('/typed', (_req, res) => res.type('html').send(PAGE));
    expect((await request(app).get('/typed')).text).toContain('data-useresponse');
  });

  it.each([
    ['yes'],
    [['admin']],
    ['/admin'],
    [[1]],
    [['/ok', 'admin']],
    [['/admin?tab=1']],
    [['/admin#users']],
    // Not a string, though it prints as a path.
    [[{ toString: () => '/admin' }]],
    [['/ad min']],
  ])('rejects excludePaths %j or a non-boolean autoInclude', (value) => {
    const error = thrown(() =>
      useResponseChat({ securityKey: TEST_KEY, autoInclude: true, excludePaths: value as never }),
    );
    expect(error).toBeInstanceOf(UseResponseConfigError);
    expect(error.message).toContain('The `excludePaths` option must be an array of paths');
    expect(thrown(() => useResponseChat({ securityKey: TEST_KEY, autoInclude: 'yes' as never })).message).toContain(
      'autoInclude',
    );
  });
});

// Without autoInclude the helper emits wherever a template calls it: a list of paths kept free of
// the chat would be taken and then ignored.
describe('excludePaths without autoInclude', () => {
  it.each([[undefined], [false]])('is refused at start-up with autoInclude %s, saying what to do', (autoInclude) => {
    const error = thrown(() => useResponseChat({ securityKey: TEST_KEY, autoInclude, excludePaths: ['/admin'] }));
    expect(error).toBeInstanceOf(UseResponseConfigError);
    expect((error as UseResponseConfigError).code).toBe('ERR_USERESPONSE_OPTION_TYPE');
    expect(error.message).toContain('`excludePaths` option only applies with `autoInclude: true`');
    expect(error.message).toContain('Set autoInclude: true, or remove `excludePaths`');
  });

  it('an empty list, which excludes nothing either way, is taken', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { excludePaths: [] } });
    expect(decodeChatPage((await request(app).get('/')).text)?.userConfig?.userEmail).toBe(BRIAN.email);
  });
});

describe('CSP helpers', () => {
  it('cspScriptHash is the sha256 of the bootstrap script exactly as emitted', async () => {
    const { app, chat } = createTestApp({ user: BRIAN });
    const bootstrap = textOf(scriptElements((await request(app).get('/')).text)[1]!);
    expect(chat.cspScriptHash).toBe(`'sha256-${createHash('sha256').update(bootstrap).digest('base64')}'`);
  });

  it('cspDirectives() gives the widget origin for each directive, and empty lists without a widget', () => {
    const origin = new URL(WIDGET_SRC).origin;
    expect(useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC }).cspDirectives()).toEqual({
      scriptSrc: [origin],
      connectSrc: [origin],
      frameSrc: [origin],
      imgSrc: [origin],
      styleSrc: [origin],
    });
    expect(useResponseChat({ securityKey: TEST_KEY }).cspDirectives()).toEqual({
      scriptSrc: [],
      connectSrc: [],
      frameSrc: [],
      imgSrc: [],
      styleSrc: [],
    });
  });
});
