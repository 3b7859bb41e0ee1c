// Sites that navigate with Turbo 8 or boosted htmx 2 or 4 links: one SDK load and one chat session
// for the whole visit, and the identity follows logins and logouts made without a full reload.
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import type { Browser, Page } from 'playwright-core';
import type { UseResponseOptions } from '../../src/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { STAND_IN_SDK } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { CLEAR_CALL, userConfigCall } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';
import { serveNavigationPages } from './navigation-pages';
import { watchPage, type PageWatch, type UrCall } from './page-watch';

const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');
const HTMX2 = path.join(NODE_MODULES, 'htmx.org', 'dist', 'htmx.min.js');
const HTMX4 = path.join(NODE_MODULES, 'htmx4', 'dist', 'htmx.min.js');
const TURBO = path.join(NODE_MODULES, '@hotwired', 'turbo', 'dist', 'turbo.es2017-umd.js');
const MORPH_REFRESH = '<meta name="turbo-refresh-method" content="morph">';
const HTMX4_MORPH = 'hx-boost:inherited="true" hx-swap:inherited="innerMorph"';
// An SDK URL without UseResponse's instance id in it: the page's script has no id to take.
const OTHER_SDK_URL = `${new URL(WIDGET_SRC).origin}/widget/chat.js`;
const USERS: Record<string, { email: string; name: string }> = {
  brian: { email: 'brian@example.com', name: 'Brian C.' },
  alice: { email: 'alice@example.com', name: 'Alice A.' },
};
const brian = userConfigCall(TEST_KEY, 'brian@example.com', 'Brian C.');
const alice = userConfigCall(TEST_KEY, 'alice@example.com', 'Alice A.');

interface Framework {
  name: string;
  /** The library's files, served as one script. */
  library: string[];
  /** The attribute on <body> that boosts its links, if any. */
  boost: string;
  /** Markup for <head>: Turbo's refresh method, htmx's config. */
  head?: string;
  chat: UseResponseOptions;
}

const FRAMEWORKS: Framework[] = [
  // Turbo with the external client script: script-src 'self' and the widget's origin, nothing else.
  {
    name: 'turbo',
    library: [TURBO],
    boost: '',
    chat: { clientScript: '/useresponse' },
  },
  // Page refreshes by morphing (a form that redirects to the page it is on): the new page's
  // elements that match the current ones are kept, and a kept script never runs again.
  { name: 'turbo-morph', library: [TURBO], boost: '', head: MORPH_REFRESH, chat: {} },
  {
    name: 'turbo-morph-client-script',
    library: [TURBO],
    boost: '',
    head: MORPH_REFRESH,
    chat: { clientScript: '/useresponse', widgetSrc: OTHER_SDK_URL },
  },
  // htmx with the inline bootstrap, allowed by its hash.
  {
    name: 'htmx',
    library: [HTMX2],
    boost: 'hx-boost="true"',
    chat: {},
  },
  // htmx 2 morphs with idiomorph's extension.
  {
    name: 'htmx-morph',
    library: [HTMX2, path.join(NODE_MODULES, 'idiomorph', 'dist', 'idiomorph-ext.min.js')],
    boost: 'hx-boost="true" hx-ext="morph" hx-swap="morph:innerHTML"',
    chat: {},
  },
  // htmx 4 keeps no history cache and inherits an attribute only when told to; both ways of loading.
  {
    name: 'htmx4',
    library: [HTMX4],
    boost: 'hx-boost:inherited="true"',
    chat: {},
  },
  {
    name: 'htmx4-client-script',
    library: [HTMX4],
    boost: 'hx-boost:inherited="true"',
    chat: { clientScript: '/useresponse' },
  },
  // htmx 4's extension that brings back a history cache, in sessionStorage: it too must keep no
  // page that names a visitor.
  {
    name: 'htmx4-history-cache',
    library: [HTMX4, path.join(NODE_MODULES, 'htmx4', 'dist', 'ext', 'hx-history-cache.min.js')],
    boost: 'hx-boost:inherited="true"',
    chat: {},
  },
  // The same with htmx 4's second attribute prefix (data-hx- by default) turned off, as its docs
  // show: only hx- attributes count then.
  {
    name: 'htmx4-history-cache-no-prefix',
    library: [HTMX4, path.join(NODE_MODULES, 'htmx4', 'dist', 'ext', 'hx-history-cache.min.js')],
    boost: 'hx-boost:inherited="true"',
    head: `<meta name="htmx-config" content='{"prefix":""}'>`,
    chat: {},
  },
  // Every visit morphs the body: the chat's script is the same on each page, so it is kept.
  { name: 'htmx4-morph', library: [HTMX4], boost: HTMX4_MORPH, chat: {} },
  {
    name: 'htmx4-morph-client-script',
    library: [HTMX4],
    boost: HTMX4_MORPH,
    chat: { clientScript: '/useresponse', widgetSrc: OTHER_SDK_URL },
  },
];

function startSite(framework: Framework): Promise<{ server: Server; url: string }> {
  const { app, chat } = createTestApp({
    chat: framework.chat,
    user: (req) => USERS[/(?:^|; )demo_user=(\w+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''],
    before: [
      (_req, res, next) => {
        const inline = framework.chat.clientScript === undefined ? ` ${chatHash}` : '';
        res.setHeader(
          'Content-Security-Policy',
          `script-src 'self' ${new URL(WIDGET_SRC).origin}${inline}; object-src 'none'; base-uri 'none'`,
        );
        next();
      },
    ],
  });
  const chatHash = chat.cspScriptHash;
  if (framework.chat.clientScript !== undefined) app.use(chat.clientScript());
  const base = `/${framework.name}`;
  serveNavigationPages(app, { base, library: framework.library, boost: framework.boost, head: framework.head });
  app.post(`${base}/login`, express.urlencoded({ extended: false }), (req, res) => {
    res.cookie('demo_user', (req.body as { user: string }).user, { httpOnly: true, sameSite: 'lax' });
    res.redirect(303, `${base}/a`);
  });
  const logout: RequestHandler = (_req, res) => {
    res.clearCookie('demo_user');
    res.redirect(303, `${base}/a`);
  };
  app.post(`${base}/logout`, chat.logout(), logout);
  // A logout by link: after it, unlike after a form's POST, Turbo still holds copies of the pages it left.
  app.get(`${base}/logout`, chat.logout(), logout);
  const server = app.listen(0);
  return new Promise((resolve) =>
    server.once('listening', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base}` }),
    ),
  );
}

describeInBrowser('Turbo 8 and boosted htmx 2 and 4 navigations', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  describe.each(FRAMEWORKS)('$name', (framework) => {
    let site: { server: Server; url: string };
    let page: Page;
    let watch: PageWatch;
    let sdkRequests = 0;

    beforeAll(async () => {
      site = await startSite(framework);
      const context = await browser.newContext();
      await context.route(framework.chat.widgetSrc ?? WIDGET_SRC, (route) => {
        sdkRequests += 1;
        return route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK });
      });
      page = await context.newPage();
      watch = await watchPage(page, () => false);
    });
    afterAll(() => new Promise((resolve) => site.server.close(resolve)));

    const calls = () => page.evaluate(() => (window as unknown as { UR: { calls: UrCall[] } }).UR.calls);
    /** Clicks, then waits for the page titled `title` and for the UR calls to reach `count`. */
    const click = async (selector: string, title: string, count: number) => {
      await page.click(selector);
      await page.waitForFunction(
        ([t, n]) =>
          document.getElementById('title')?.textContent === t &&
          ((window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length ?? 0) >= (n as number),
        [title, count],
      );
      // Anything that would come late (a second SDK, a duplicate call) has had its chance.
      await page.waitForLoadState('networkidle');
    };

    /** A full load of page A, with nobody signed in or remembered from the tests before. */
    const startOnPageA = async () => {
      await page.context().clearCookies();
      await page.goto(`${site.url}/a`);
      await page.evaluate(() => localStorage.clear());
      await page.waitForFunction(() => typeof (window as unknown as { UR?: unknown }).UR === 'object');
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    };

    it('loads the SDK once, keeps one session across visits, and follows logins and logouts', async () => {
      await page.goto(`${site.url}/a`);
      await page.waitForFunction(() => typeof (window as unknown as { UR?: unknown }).UR === 'object');
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

      await click('#to-b', 'Page B', 0);
      expect(await calls()).toEqual([]);

      await click('#login-brian', 'Page A', 1);
      expect(await calls()).toEqual([brian]);
      await click('#to-b', 'Page B', 2);
      // The same visitor on the next page: configured again, never cleared.
      expect(await calls()).toEqual([brian, brian]);

      await click('#logout', 'Page A', 3);
      expect((await calls()).slice(2)).toEqual([CLEAR_CALL]);
      await click('#to-b', 'Page B', 3);
      expect((await calls()).slice(3)).toEqual([]);

      await click('#login-brian', 'Page A', 4);
      // Alice logs in over Brian's session: his chat is cleared before hers starts.
      await click('#login-alice', 'Page A', 6);
      expect((await calls()).slice(3)).toEqual([brian, CLEAR_CALL, alice]);

      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(sdkRequests).toBe(1);
      expect(watch.problems).toEqual([]);
    });

    it('follows a login, a change of visitor and a logout that come back to the page they were made on', async () => {
      await startOnPageA();

      await click('#login-brian', 'Page A', 1);
      expect(await calls()).toEqual([brian]);
      // Alice logs in over Brian's session: his chat is cleared before hers starts.
      await click('#login-alice', 'Page A', 3);
      expect((await calls()).slice(1)).toEqual([CLEAR_CALL, alice]);
      await click('#logout', 'Page A', 4);
      expect((await calls()).slice(3)).toEqual([CLEAR_CALL]);
      await click('#login-brian', 'Page A', 5);
      expect((await calls()).slice(4)).toEqual([brian]);

      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(watch.problems).toEqual([]);
    });

    it('a logout by link: no page kept from before it, shown again, signs the chat back in', async () => {
      await startOnPageA();

      await click('#login-brian', 'Page A', 1);
      await click('#to-b', 'Page B', 2);
      await click('#to-a', 'Page A', 3);
      expect(await calls()).toEqual([brian, brian, brian]);
      await click('#logout-link', 'Page A', 4);
      expect((await calls()).slice(3)).toEqual([CLEAR_CALL]);
      // Turbo shows its copy of page B, kept while Brian was signed in, until the server's arrives.
      await click('#to-b', 'Page B', 4);
      // Back past the logout's page, to page A as it was while Brian was signed in.
      for (let step = 0; step < 2; step++) {
        await page.goBack();
        await page.waitForFunction(() => document.getElementById('title')?.textContent === 'Page A');
        await page.waitForLoadState('networkidle');
      }
      await page.waitForTimeout(300);
      expect((await calls()).slice(4)).toEqual([]);
    });

    it('Back after a logout: the chat is not given the visitor who left, and no token is kept in storage', async () => {
      await startOnPageA();
      await click('#login-brian', 'Page A', 1);
      await click('#to-b', 'Page B', 2);
      await click('#logout', 'Page A', 3);
      expect((await calls()).slice(2)).toEqual([CLEAR_CALL]);

      await page.goBack();
      await page.waitForFunction(() => document.getElementById('title')?.textContent === 'Page B');
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      expect((await calls()).slice(3)).toEqual([]);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(stored).not.toContain('brian@example.com');
    });
  });
});
