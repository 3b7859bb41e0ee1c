// clearOnSessionEnd: a session that ends without a logout (expired, or gone with the browser) must
// not leave the last visitor's chat on the anonymous pages that follow.
import request from 'supertest';
import type { UseResponseOptions } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { createPassportApp } from '../support/passport-app';
import { runPage } from '../support/run-page';
import { AS_BRIAN, brianWhenAsked, PREFETCH, visitingBrowser } from '../support/visiting-browser';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
const SEEN = 'useresponse_identified=1';
const ON: UseResponseOptions = { clearOnSessionEnd: true };

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? (header as string[]) : [];
}
const seenCookie = (res: request.Response) => setCookies(res).find((c) => c.startsWith('useresponse_identified='));
const methods = async (html: string) => (await runPage(html)).calls().map((c) => c.method);

/** An app whose visitor is Brian when the request says `X-User: brian`, and nobody otherwise. */
function appWithVisitorHeader(chat: UseResponseOptions = ON) {
  return createTestApp({ user: brianWhenAsked(BRIAN), chat });
}

describe('a page that names a visitor', () => {
  it('sets a long-lived HttpOnly SameSite=Lax cookie that holds a random value, not Secure on http', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: ON });
    const res = await request(app).get('/').expect(200);
    const cookie = seenCookie(res);
    expect(cookie).toMatch(/^useresponse_identified=[\w-]{8}; Max-Age=34560000; Path=\/; HttpOnly; SameSite=Lax$/);
    const other = seenCookie(await request(app).get('/').expect(200));
    expect(other!.split(';')[0]).not.toBe(cookie!.split(';')[0]);
    expect(await methods(res.text)).toEqual(['userConfig']);
  });

  it('sets it Secure on https, and on every page until the browser sends it', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: ON });
    app.set('trust proxy', 'loopback');
    for (let i = 0; i < 3; i++) {
      const res = await request(app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
      expect(seenCookie(res)).toMatch(/; SameSite=Lax; Secure$/);
    }
    const again = await request(app).get('/').set('Cookie', `a=1; ${SEEN}`).expect(200);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(await methods(again.text)).toEqual(['userConfig']);
  });

  it('keeps the cookies the app sets itself', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: ON });
    app.get('/themed', (_req, res) => {
      res.cookie('theme', 'dark');
      res.render('page', { title: 'Themed' });
    });
    const res = await request(app).get('/themed').expect(200);
    expect(setCookies(res).map((c) => c.split('=')[0])).toEqual(['theme', 'useresponse_identified']);
  });

  it('sets nothing without the option, whose default is off', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('an anonymous page in a browser whose chat was given a visitor', () => {
  it('clears the chat, is never stored, and expires the cookie; the page after it is an ordinary one', async () => {
    const { app } = appWithVisitorHeader();
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)).toEqual({ userConfig: null, clear: true, widgetSrc: WIDGET_SRC });
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.etag).toBeUndefined();
    expect(setCookies(res)).toEqual([
      'useresponse_identified=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax',
    ]);

    const next = await request(app).get('/').expect(200);
    expect(decodeChatPage(next.text)).toEqual({ userConfig: null, clear: false, widgetSrc: WIDGET_SRC });
    expect(next.headers['set-cookie']).toBeUndefined();
    expect(next.headers['cache-control']).toBeUndefined();
    expect(next.headers.etag).toBeDefined();
  });

  it('identify() may say "nobody" with undefined as well as null', async () => {
    const { app } = createTestApp({ chat: { ...ON, identify: () => undefined } });
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
  });

  it('without the option, keeps the chat as it was (the default)', async () => {
    const { app } = appWithVisitorHeader({});
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)?.clear).toBe(false);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('asked with HEAD or prefetched, it may never run: the cookie stays for the page the visitor opens', async () => {
    const { app } = appWithVisitorHeader();
    const head = await request(app).head('/').set('Cookie', SEEN).expect(200);
    expect(head.headers['set-cookie']).toBeUndefined();
    expect(head.headers['cache-control']).toBe('private, no-store');
    const prefetch = await request(app).get('/').set('Cookie', SEEN).set('Sec-Purpose', 'prefetch').expect(200);
    expect(prefetch.headers['set-cookie']).toBeUndefined();
    expect(await methods(prefetch.text)).toEqual(['clearChatStorage']);
    const preload = await request(app).get('/').set('Cookie', SEEN).set('HX-Preloaded', 'true').expect(200);
    expect(preload.headers['set-cookie']).toBeUndefined();
    expect(await methods(preload.text)).toEqual(['clearChatStorage']);
  });

  it('with the external client script, the page says so in a data block of its own', async () => {
    const { app, chat } = appWithVisitorHeader({ ...ON, clientScript: '/assets/useresponse' });
    app.use(chat.clientScript());
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)).toEqual({ userConfig: null, clear: true, widgetSrc: null });
    expect(seenCookie(res)).toMatch(/^useresponse_identified=; Max-Age=0;/);
  });

  it('without widgetSrc, still clears the chat an earlier page loaded', async () => {
    const { app } = appWithVisitorHeader({ ...ON, widgetSrc: undefined });
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)).toEqual({ userConfig: null, clear: true, widgetSrc: null });
  });

  it('a visitor whose identify() failed is unknown, not gone: nothing is cleared and the cookie stays', async () => {
    const { app, logger } = createTestApp({
      chat: {
        ...ON,
        identify: () => {
          throw new Error('session store down');
        },
      },
    });
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)?.clear).toBe(false);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(logger.messages.join('\n')).toContain('session store down');
  });

  it('a logged-in visitor whose data is unusable is not taken for one who left', async () => {
    const { app, logger } = createTestApp({ user: { name: 'No Email' }, chat: ON });
    const res = await request(app).get('/').set('Cookie', SEEN).expect(200);
    expect(decodeChatPage(res.text)?.clear).toBe(false);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(logger.messages).toHaveLength(1);
  });

  it('the page after a logout that names the visitor who logged in since clears, and keeps the cookie', async () => {
    const { app } = appWithVisitorHeader();
    const res = await request(app)
      .get('/')
      .set('X-User', 'brian')
      .set('Cookie', `useresponse_clear=1; ${SEEN}`)
      .expect(200);
    expect(await methods(res.text)).toEqual(['clearChatStorage', 'userConfig']);
    expect(setCookies(res)).toEqual([expect.stringMatching(/^useresponse_clear=; Max-Age=0;/)]);
  });

  it('a page that names another visitor keeps the cookie and leaves the switch to the fingerprint', async () => {
    const { app } = appWithVisitorHeader();
    const res = await request(app).get('/').set('X-User', 'brian').set('Cookie', SEEN).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(await methods(res.text)).toEqual(['userConfig']);
  });
});

describe('pages that repeat the clear (prefetched pages leave the cookie in place)', () => {
  it('clear once per ended session: again after the same visitor came back and left', async () => {
    const browser = visitingBrowser(appWithVisitorHeader().app);
    expect(await browser.open('/', AS_BRIAN)).toEqual(['userConfig']);
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
    expect(await browser.open('/', PREFETCH)).toEqual([]);
    expect(await browser.open('/', { ...PREFETCH, ...AS_BRIAN })).toEqual(['userConfig']);
    expect(await browser.open('/', PREFETCH)).toEqual(['clearChatStorage']);
    // Opened, not prefetched: the page uses up the cookie, and has nothing left to clear.
    expect(await browser.open('/')).toEqual([]);
    expect(await browser.open('/')).toEqual([]);
  });
});

describe('the other ways a page gets the chat', () => {
  it('a logout route that renders its page clears the chat and expires the cookie', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: ON });
    const res = await request(app).get('/logout-page').set('Cookie', SEEN).expect(200);
    expect(await methods(res.text)).toEqual(['clearChatStorage']);
    expect(setCookies(res)).toEqual([expect.stringMatching(/^useresponse_identified=; Max-Age=0;/)]);
  });

  it('autoInclude sets the cookie on a page naming a visitor, and clears on the anonymous page after', async () => {
    const { app } = createTestApp({
      user: brianWhenAsked(BRIAN),
      chat: { ...ON, autoInclude: true },
    });
    app.get('/html', (_req, res) => res.send('<!doctype html><html><body><p>Hi</p></body></html>'));
    const named = await request(app).get('/html').set('X-User', 'brian').expect(200);
    expect(seenCookie(named)).toMatch(/^useresponse_identified=[\w-]{8};/);
    const anonymous = await request(app).get('/html').set('Cookie', SEEN).expect(200);
    expect(await methods(anonymous.text)).toEqual(['clearChatStorage']);
    expect(seenCookie(anonymous)).toMatch(/^useresponse_identified=; Max-Age=0;/);
  });

  it('a route that never renders the chat (JSON) leaves the cookie alone', async () => {
    const { app } = appWithVisitorHeader();
    const res = await request(app).get('/api').set('Cookie', SEEN).expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('with passport and express-session', () => {
  async function login(agent: ReturnType<typeof request.agent>) {
    await agent.post('/login').type('form').send({ email: 'brian@example.com', password: 'demo' }).expect(302);
  }

  it('a session the server forgot (expired) clears the chat on the next page, once', async () => {
    const { app, sessions } = createPassportApp(ON);
    const agent = request.agent(app);
    await login(agent);
    expect(await methods((await agent.get('/').expect(200)).text)).toEqual(['userConfig']);
    sessions.clear();
    const next = await agent.get('/').expect(200);
    expect(next.text).not.toContain('brian@example.com');
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(await methods((await agent.get('/').expect(200)).text)).toEqual([]);
  });

  it('a logout clears once, and the cookie goes with the logout cookie', async () => {
    const { app } = createPassportApp(ON);
    const agent = request.agent(app);
    await login(agent);
    await agent.get('/').expect(200);
    await agent.post('/logout').expect(302);
    const next = await agent.get('/').expect(200);
    expect(await methods(next.text)).toEqual(['clearChatStorage']);
    expect(setCookies(next).map((c) => c.split(';')[0])).toEqual(['useresponse_clear=', 'useresponse_identified=']);
    expect(await methods((await agent.get('/').expect(200)).text)).toEqual([]);
  });
});

describe('chat.configHandler() for single-page apps', () => {
  function spa() {
    const made = appWithVisitorHeader();
    made.app.get('/chat-config', made.chat.configHandler());
    return made.app;
  }

  it('sets the cookie with a visitor, and expires it when nobody is logged in', async () => {
    const app = spa();
    const named = await request(app).get('/chat-config').set('X-User', 'brian').expect(200);
    expect(seenCookie(named)).toMatch(/^useresponse_identified=[\w-]{8}; Max-Age=34560000;/);
    const anonymous = await request(app).get('/chat-config').set('Cookie', SEEN).expect(200);
    expect(anonymous.body.identity).toBeNull();
    expect(seenCookie(anonymous)).toMatch(/^useresponse_identified=; Max-Age=0;/);
    const again = await request(app).get('/chat-config').set('X-User', 'brian').set('Cookie', SEEN).expect(200);
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('sets and expires nothing for a browser that never had a visitor, or without the option', async () => {
    const anonymous = await request(spa()).get('/chat-config').expect(200);
    expect(anonymous.headers['set-cookie']).toBeUndefined();
    const { app, chat } = appWithVisitorHeader({});
    app.get('/chat-config', chat.configHandler());
    const named = await request(app).get('/chat-config').set('X-User', 'brian').expect(200);
    expect(named.body.identity).not.toBeNull();
    expect(named.headers['set-cookie']).toBeUndefined();
    const gone = await request(app).get('/chat-config').set('Cookie', SEEN).expect(200);
    expect(gone.headers['set-cookie']).toBeUndefined();
  });

  it('keeps the cookie when identify() failed', async () => {
    const { app, chat } = createTestApp({
      chat: {
        ...ON,
        identify: () => Promise.reject(new Error('down')),
      },
    });
    app.get('/chat-config', chat.configHandler());
    const res = await request(app).get('/chat-config').set('Cookie', SEEN).expect(503);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
