import request from 'supertest';
import { computeToken } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { express } from '../support/express';
import { createTestApp } from '../support/app';
import { cdnCachingOf, setCdnCaching } from '../support/cdn-headers';
import { createPassportApp } from '../support/passport-app';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { AS_BRIAN, brianWhenAsked, PREFETCH, visitingBrowser } from '../support/visiting-browser';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? (header as string[]) : [];
}
const clearCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('useresponse_clear='));
const methods = async (html: string) => (await runPage(html)).calls().map((c) => c.method);

describe('a logout route that renders a page', () => {
  it('clears the chat and carries no identity although req.user is still set', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/logout-page').expect(200);
    expect(res.text).not.toContain(BRIAN.email);
    expect(res.text).not.toContain(computeToken(TEST_KEY, BRIAN.email));
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
    // The clear already happened here, so no cookie is left for the next page.
    expect(clearCookie(res)).toBeUndefined();
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('res.locals.useresponse is null there', async () => {
    const { app, chat } = createTestApp({ user: BRIAN });
    app.get('/logout-json', chat.logout(), (_req, res) => res.json({ config: res.locals.useresponse }));
    expect((await request(app).get('/logout-json')).body).toEqual({ config: null });
  });

  it('expires a logout cookie left by an earlier logout', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/logout-page').set('Cookie', 'useresponse_clear=1');
    expect(clearCookie(res)).toMatch(/^useresponse_clear=; Max-Age=0;/);
  });
});

describe("the app's own cookies on a logout response", () => {
  /** A logout route that also ends the app's session, as express-session or passport would. */
  function appWithSession(render: boolean) {
    const { app, chat } = createTestApp({ user: BRIAN });
    app.get('/bye', chat.logout(), (_req, res) => {
      res.cookie('connect.sid', '', { expires: new Date(0), httpOnly: true });
      res.cookie('theme', 'dark');
      if (render) res.render('page', { title: 'Signed out' });
      else res.redirect(303, '/');
    });
    return app;
  }

  it('a page that clears the chat keeps every other cookie the app set, in order', async () => {
    const res = await request(appWithSession(true)).get('/bye').set('Cookie', 'useresponse_clear=1').expect(200);
    const cookies = setCookies(res);
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['connect.sid', 'theme', 'useresponse_clear']);
    expect(cookies[0]).toMatch(/^connect\.sid=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect(cookies[1]).toBe('theme=dark; Path=/');
    // The cookie this route was about to set is dropped (the clear happened here), the browser's expired.
    expect(cookies[2]).toMatch(/^useresponse_clear=; Max-Age=0;/);
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
  });

  it('a page that clears the chat sets no cookie but the expiry when the app set none', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/').set('Cookie', 'useresponse_clear=1').expect(200);
    expect(setCookies(res)).toEqual([expect.stringMatching(/^useresponse_clear=; Max-Age=0;/)]);
  });

  it('a single cookie the app set (one res.cookie call) is kept on a page that clears the chat', async () => {
    const { app, chat } = createTestApp({ user: BRIAN });
    app.get('/bye-once', chat.logout(), (_req, res) => {
      res.cookie('theme', 'dark');
      res.render('page', { title: 'Signed out' });
    });
    const res = await request(app).get('/bye-once').expect(200);
    expect(setCookies(res)).toEqual(['theme=dark; Path=/']);
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
  });

  it('the page after a logout redirect keeps the one cookie the app sets on it (a refreshed session)', async () => {
    const { app } = createTestApp({ user: BRIAN });
    app.get('/next', (_req, res) => {
      res.cookie('connect.sid', 'fresh');
      res.render('page', { title: 'Next' });
    });
    const res = await request(app).get('/next').set('Cookie', 'useresponse_clear=1').expect(200);
    expect(setCookies(res)).toEqual([
      'connect.sid=fresh; Path=/',
      expect.stringMatching(/^useresponse_clear=; Max-Age=0;/),
    ]);
  });

  it('with only its own cookie to drop, no empty Set-Cookie header is left', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/logout-page').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('a redirect carries both the session cookie and the logout cookie', async () => {
    const res = await request(appWithSession(false)).get('/bye').expect(303);
    expect(setCookies(res).map((c) => c.split('=')[0])).toEqual(['useresponse_clear', 'connect.sid', 'theme']);
  });
});

describe('chat.logout() on a route the chat middleware did not run for', () => {
  it('still leaves the logout cookie for the next page', async () => {
    const { app, chat } = createTestApp({ user: BRIAN });
    const bare = express();
    bare.post('/logout', chat.logout(), (_req, res) => res.redirect(303, '/'));
    const res = await request(bare).post('/logout').expect(303);
    expect(clearCookie(res)).toMatch(/^useresponse_clear=[\w-]{8};/);
    // The next page, on the app with the chat, clears it.
    const page = await request(app).get('/').set('Cookie', 'useresponse_clear=1').expect(200);
    expect(await methods(page.text)).toEqual(['clearChatStorage', 'userConfig']);
  });
});

describe('a logout route that redirects', () => {
  it('sets a short-lived HttpOnly SameSite=Lax cookie, not Secure on http', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).post('/logout').expect(303);
    const cookie = clearCookie(res);
    expect(cookie).toMatch(/^useresponse_clear=[\w-]{8};/);
    expect(cookie).toMatch(/; Max-Age=600(;|$)/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  // A blanket caching policy would let the browser or a CDN answer the next logout from its copy:
  // the session would live on, and a CDN could hand one visitor's cookies to others.
  it('is never stored: a blanket caching policy on the logout route is replaced', async () => {
    const app = express();
    app.use(setCdnCaching, (_req, res, next) => {
      res.set('Cache-Control', 'public, max-age=600');
      next();
    });
    const { chat } = createTestApp();
    app.get('/logout', chat.logout(), (_req, res) => res.redirect('/'));
    const res = await request(app).get('/logout').expect(302);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(cdnCachingOf(res.headers)).toEqual([]);
    expect(clearCookie(res)).toMatch(/^useresponse_clear=[\w-]{8};/);
  });

  it("keeps the app's own no-store policy", async () => {
    const app = express();
    const { chat } = createTestApp();
    app.post(
      '/logout',
      (_req, res, next) => {
        res.set('Cache-Control', 'no-store, max-age=0');
        next();
      },
      chat.logout(),
      (_req, res) => res.redirect(303, '/'),
    );
    const res = await request(app).post('/logout').expect(303);
    expect(res.headers['cache-control']).toBe('no-store, max-age=0');
  });

  it('marks the cookie Secure on https (behind a trusted proxy)', async () => {
    const { app } = createTestApp({ user: BRIAN });
    app.set('trust proxy', true);
    const res = await request(app).post('/logout').set('X-Forwarded-Proto', 'https');
    expect(clearCookie(res)).toMatch(/; Secure/);
  });

  it('the whole cookie lifecycle: kept by pages without the helper, consumed by the next page with it', async () => {
    const { app } = createTestApp({ user: (req) => (req.headers['x-user'] ? BRIAN : undefined) });
    const agent = request.agent(app);
    await agent.post('/logout').set('x-user', '1').expect(303);

    const api = await agent.get('/api').expect(200);
    expect(clearCookie(api)).toBeUndefined();
    const plain = await agent.get('/plain').expect(200);
    expect(clearCookie(plain)).toBeUndefined();

    const next = await agent.get('/').expect(200);
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(clearCookie(next)).toMatch(/^useresponse_clear=; Max-Age=0;.*HttpOnly; SameSite=Lax/);
    expect(next.headers['cache-control']).toBe('private, no-store');

    const after = await agent.get('/').expect(200);
    expect(await methods(after.text)).toEqual([]);
    expect(clearCookie(after)).toBeUndefined();
  });

  // Turbo 8 prefetches a link on hover, browsers on speculation rules, htmx's preload extension on
  // mousedown or hover: such a page may never be shown.
  it.each([
    ['Turbo 8', 'X-Sec-Purpose', 'prefetch'],
    ['a speculation rule', 'Sec-Purpose', 'prefetch'],
    ['a prerender', 'Sec-Purpose', 'prefetch;prerender'],
    ['an older browser', 'Purpose', 'prefetch'],
    ["htmx's preload extension", 'HX-Preloaded', 'true'],
  ])('a page prefetched by %s clears if shown, and leaves the cookie for the next page', async (_by, name, value) => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    await agent.post('/logout').expect(303);

    const prefetched = await agent.get('/').set(name, value).expect(200);
    expect(await methods(prefetched.text)).toEqual(['clearChatStorage']);
    expect(prefetched.headers['cache-control']).toBe('private, no-store');
    expect(clearCookie(prefetched)).toBeUndefined();

    const next = await agent.get('/').expect(200);
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(clearCookie(next)).toMatch(/^useresponse_clear=; Max-Age=0;/);
  });

  it('a HEAD request, which gets no page, leaves the cookie for the page the visitor opens', async () => {
    const { app } = createTestApp();
    const agent = request.agent(app);
    await agent.post('/logout').expect(303);

    const head = await agent.head('/').expect(200);
    expect(head.headers['cache-control']).toBe('private, no-store');
    expect(clearCookie(head)).toBeUndefined();

    const next = await agent.get('/').expect(200);
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(clearCookie(next)).toMatch(/^useresponse_clear=; Max-Age=0;/);
  });

  it.each([
    ['prefetched', { 'Sec-Purpose': 'prefetch' }, 'get'],
    ['preloaded by htmx', { 'HX-Preloaded': 'true' }, 'get'],
    ['asked with HEAD', {}, 'head'],
  ] as const)(
    'a logout route that renders its page, %s, sets the cookie for the next page',
    async (_how, headers, method) => {
      const { app } = createTestApp({ user: BRIAN });
      const agent = request.agent(app);
      const logout = await agent[method]('/logout-page').set(headers).expect(200);
      expect(clearCookie(logout)).toMatch(/^useresponse_clear=[\w-]{8}; Max-Age=600;/);

      const next = await agent.get('/').expect(200);
      expect(await methods(next.text)).toEqual(['clearChatStorage', 'userConfig']);
      expect(clearCookie(next)).toMatch(/^useresponse_clear=; Max-Age=0;/);
    },
  );

  it('a new login before the next page: clear first, then the new identity', async () => {
    const { app } = createTestApp({ user: { email: 'alice@example.com' } });
    const res = await request(app).get('/').set('Cookie', 'session=abc; useresponse_clear=1');
    expect(await methods(res.text)).toEqual(['clearChatStorage', 'userConfig']);
  });

  it('the clear removes the stored identity fingerprint, and notes only its own value', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const first = await runPage((await request(app).get('/')).text);
    expect(Object.keys(first.storage())).toHaveLength(1);
    const anonymous = createTestApp();
    const afterLogout = await runPage(
      (await request(anonymous.app).get('/').set('Cookie', 'useresponse_clear=1')).text,
      {
        storage: first.storage(),
      },
    );
    expect(afterLogout.storage()).toEqual({ 'useresponse:cleared': '1' });
  });
});

describe('passport 0.7 with express-session (the session is regenerated on logout)', () => {
  async function login(agent: ReturnType<typeof request.agent>, email: string) {
    await agent.post('/login').type('form').send({ email, password: 'demo' }).expect(302).expect('Location', '/');
  }

  it('logs in, identifies, logs out through a redirect, and the next page clears the chat', async () => {
    const agent = request.agent(createPassportApp().app);
    await login(agent, 'brian@example.com');
    const home = await agent.get('/').expect(200);
    const page = await runPage(home.text);
    expect(page.calls()).toEqual([
      {
        method: 'userConfig',
        args: [
          {
            token: computeToken(TEST_KEY, 'brian@example.com'),
            userEmail: 'brian@example.com',
            userName: 'Brian C.',
            properties: {},
          },
        ],
      },
    ]);

    const logout = await agent.post('/logout').expect(302);
    expect(clearCookie(logout)).toMatch(/^useresponse_clear=[\w-]{8};/);
    expect(setCookies(logout).some((c) => c.startsWith('connect.sid='))).toBe(true);

    const next = await agent.get('/').expect(200);
    expect(next.text).not.toContain('brian@example.com');
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(await methods((await agent.get('/').expect(200)).text)).toEqual([]);
  });

  it('works when the next page is served by another instance that shares nothing', async () => {
    const first = createPassportApp().app;
    const second = createPassportApp().app;
    const agent = request.agent(first);
    await login(agent, 'brian@example.com');
    const logout = await agent.post('/logout').expect(302);
    const cookies = setCookies(logout)
      .map((c) => c.split(';')[0]!)
      .join('; ');
    const next = await request(second).get('/').set('Cookie', cookies).expect(200);
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(clearCookie(next)).toMatch(/Max-Age=0/);
  });
});

describe('a malformed Cookie header', () => {
  it.each([
    '=;;=; ; useresponse_clear',
    'useresponse_clearx=1',
    'xuseresponse_clear=1',
    '%E0%A4%A; a="unterminated',
    '\u00ff\u00fe=\u00fd',
    ';'.repeat(10000),
  ])('%j never throws and is not read as the logout cookie', async (cookie) => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/').set('Cookie', cookie).expect(200);
    expect(await methods(res.text)).toEqual(['userConfig']);
  });

  it('the cookie is found among others, after a space, a tab or nothing, and after a look-alike', async () => {
    const { app } = createTestApp();
    for (const cookie of [
      'a=1;useresponse_clear=1',
      'a=1; useresponse_clear=1; b=2',
      'a=1;\tuseresponse_clear=1',
      'xuseresponse_clear=1; useresponse_clear=1',
      'useresponse_clear=',
    ]) {
      const res = await request(app).get('/').set('Cookie', cookie).expect(200);
      expect(await methods(res.text)).toEqual(['clearChatStorage']);
    }
  });
});

describe('a logout cookie the package did not write', () => {
  it.each([
    '</script><script>window.__pwned=1</script>',
    '"}</script><script>window.__pwned=1//',
    '\\u003c/script\\u003e',
    '%3C%2Fscript%3E',
    'x'.repeat(65),
    '',
  ])('%j still clears the chat, and reaches the page only as a fixed name', async (value) => {
    const { app } = createTestApp();
    const res = await request(app).get('/').set('Cookie', `a=1; useresponse_clear=${value}; b=2`).expect(200);
    expect(decodeChatPage(res.text)?.clear).toBe(true);
    if (value !== '') expect(res.text).not.toContain(value);
    const page = await runPage(res.text);
    expect(page.calls().map((c) => c.method)).toEqual(['clearChatStorage']);
    expect((page.window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
    expect(page.storage()).toEqual({ 'useresponse:cleared': '0' });
  });

  it('a value the package could have written reaches the page as it is, and names the clear', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/').set('Cookie', 'useresponse_clear=Ab_-9z; b=2').expect(200);
    expect((await runPage(res.text)).storage()).toEqual({ 'useresponse:cleared': 'Ab_-9z' });
  });
});

// OWASP's advice for a logout; with "cookies" the browser drops the logout cookie set beside it.
describe('a logout response that sends Clear-Site-Data', () => {
  /** An app whose logout sends `header`: POST /sign-out redirects, /sign-out-page renders the helper. */
  const signOutApp = (header: string | string[]) => {
    const test = createTestApp({ user: BRIAN });
    test.app.post('/sign-out', test.chat.logout(), (_req, res) => {
      res.setHeader('Clear-Site-Data', header);
      res.redirect(303, '/');
    });
    test.app.all('/sign-out-page', test.chat.logout(), (_req, res) => {
      res.setHeader('Clear-Site-Data', header);
      res.render('page', { title: 'Signed out' });
    });
    return test;
  };

  /** The logger's warnings once the response has finished (the check runs on 'finish'). */
  const warningsAfter = async (logger: { messages: string[] }) => {
    await new Promise((resolve) => setImmediate(resolve));
    return logger.messages.filter((message) => message.includes('Clear-Site-Data'));
  };

  it.each(['"cookies"', '"cache", "cookies", "storage"', '"*"', ['"cache"', '"cookies"']])(
    '%j on a redirect: the logger says the next page cannot clear the chat, and how to fix it',
    async (header) => {
      const { app, logger } = signOutApp(header);
      const res = await request(app).post('/sign-out').expect(303);
      expect(clearCookie(res)).toMatch(/^useresponse_clear=[\w-]{8};/);
      const warnings = await warningsAfter(logger);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/drops the useresponse_clear cookie.*next page cannot clear the chat/);
      expect(warnings[0]).toMatch(/Render the logout page with the helper/);
    },
  );

  it.each([
    ['"cache", "storage"', '/sign-out'],
    // The page clears the chat itself, so no cookie is needed.
    ['"cookies"', '/sign-out-page'],
  ])('%j on %s: nothing to say', async (header, path) => {
    const { app, logger } = signOutApp(header);
    const res = await request(app).post(path);
    expect(res.status).toBeLessThan(400);
    expect(await warningsAfter(logger)).toEqual([]);
  });

  it('a logout page that expires an earlier logout cookie, beside a cookie of its own, has nothing to say', async () => {
    const { app, chat, logger } = signOutApp('"cookies"');
    app.get('/sign-out-session', chat.logout(), (_req, res) => {
      res.setHeader('Clear-Site-Data', '"cookies"');
      res.cookie('connect.sid', '', { expires: new Date(0) });
      res.render('page', { title: 'Signed out' });
    });
    const res = await request(app).get('/sign-out-session').set('Cookie', 'useresponse_clear=earlier1').expect(200);
    expect(clearCookie(res)).toMatch(/^useresponse_clear=; Max-Age=0;/);
    expect(await warningsAfter(logger)).toEqual([]);
  });

  it('a logout page asked with HEAD, which keeps the cookie for the next page, is warned about too', async () => {
    const { app, logger } = signOutApp('"cookies"');
    await request(app).head('/sign-out-page').expect(200);
    expect(await warningsAfter(logger)).toHaveLength(1);
  });
});

describe('pages that repeat a clear (prefetched pages leave the logout cookie in place)', () => {
  const appWithBrianByHeader = () => createTestApp({ user: brianWhenAsked(BRIAN) }).app;

  it('clear once: a chat started on the pages after the logout stays; the next logout clears again', async () => {
    const browser = visitingBrowser(appWithBrianByHeader());
    expect(await browser.open('/', AS_BRIAN)).toEqual(['userConfig']);
    await browser.agent.post('/logout').set(AS_BRIAN).expect(303);
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
    expect(await browser.open('/', PREFETCH)).toEqual([]);
    expect(await browser.open('/')).toEqual([]);
    await browser.agent.post('/logout').expect(303);
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
  });

  it('a login while they last keeps the chat; a page without the visitor after it clears again', async () => {
    const browser = visitingBrowser(appWithBrianByHeader());
    await browser.agent.post('/logout').expect(303);
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
    expect(await browser.open('/', { ...PREFETCH, ...AS_BRIAN })).toEqual(['userConfig']);
    expect(await browser.open('/', { ...PREFETCH, ...AS_BRIAN })).toEqual(['userConfig']);
    // His session ended with the logout cookie still there: the next page must not keep his chat.
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
  });

  it('each logout sets a cookie of its own', async () => {
    const app = appWithBrianByHeader();
    const values = new Set<string>();
    for (let i = 0; i < 20; i++)
      values.add(clearCookie(await request(app).post('/logout').expect(303))!.split(';')[0]!);
    expect(values.size).toBe(20);
  });
});
