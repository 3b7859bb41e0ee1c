// Links preloaded before the click: htmx 2's extension (htmx-ext-preload) asks for a link's page on
// mousedown, only to warm the browser's cache, and sends HX-Preloaded; a page that clears is never
// stored, so the click asks for it again. htmx 4's own extension sends no such header, and its click
// uses the preloaded answer; so does Turbo 8's prefetch on hover, which sends X-Sec-Purpose. Either
// way the page the visitor opens must clear the chat. Turbo's pages after it, prefetched too, still
// carry the cookie and repeat the clear, which the browser must carry out only once.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestApp } from '../support/app';
import { CLEAR_CALL } from '../support/ur-calls';
import { chromiumSite } from './chromium-site';
import { describeInBrowser } from './chromium';
import { BRIAN_CALL, brianWhileSignedIn, openSignedIn, urCalls } from './demo-session';
import { serveNavigationPages } from './navigation-pages';

const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');

interface Preloading {
  name: string;
  library: string[];
  /** The attributes on <body> that boost its links and preload each on mousedown. */
  boost: string;
  /** Requests the page the click opens makes to the server: the preload's, and the click's if it is asked again. */
  requests: number;
  /** The header, and its value, that the preload's request says what it is with, if any. */
  marker: [string, string] | undefined;
  /**
   * Whether the cookie outlives the page the click opens: Turbo shows its prefetched answer, which
   * was asked for as a prefetch, so the cookie waits for the next page asked for without one, and
   * the pages until then repeat the clear (which the browser carries out once).
   */
  cookieKept: boolean;
}

const PRELOADING: Preloading[] = [
  {
    name: 'htmx 2 with htmx-ext-preload',
    library: [
      path.join(NODE_MODULES, 'htmx.org', 'dist', 'htmx.min.js'),
      path.join(NODE_MODULES, 'htmx-ext-preload', 'dist', 'preload.min.js'),
    ],
    boost: 'hx-boost="true" hx-ext="preload" preload',
    requests: 2,
    marker: ['hx-preloaded', 'true'],
    cookieKept: false,
  },
  {
    name: 'htmx 4 with its hx-preload extension (boosted links, on mousedown)',
    library: [
      path.join(NODE_MODULES, 'htmx4', 'dist', 'htmx.min.js'),
      path.join(NODE_MODULES, 'htmx4', 'dist', 'ext', 'hx-preload.min.js'),
    ],
    boost: 'hx-boost:inherited="true"',
    requests: 1,
    marker: undefined,
    cookieKept: false,
  },
  // Turbo 8 prefetches a link on hover, and its click uses the prefetched answer.
  {
    name: 'Turbo 8 (prefetch on hover)',
    library: [path.join(NODE_MODULES, '@hotwired', 'turbo', 'dist', 'turbo.es2017-umd.js')],
    boost: '',
    requests: 1,
    marker: ['x-sec-purpose', 'prefetch'],
    cookieKept: true,
  },
];

function makeApp(preloading: Preloading) {
  const { app, chat } = createTestApp({
    chat: { clearOnSessionEnd: true },
    user: brianWhileSignedIn,
  });
  const base = '/preload';
  serveNavigationPages(app, { base, library: preloading.library, boost: preloading.boost });
  // Where the logout leads: a page without the chat, as a site's login page may be.
  app.get(`${base}/signed-out`, (_req, res) =>
    res.send(
      `<!doctype html><html><head><title>Signed out</title><link rel="icon" href="data:,"><script src="/library.js"></script></head>` +
        `<body ${preloading.boost}><h1 id="title">Signed out</h1><a id="to-a" href="${base}/a">Page A</a></body></html>`,
    ),
  );
  app.post(`${base}/logout`, chat.logout(), (_req, res) => {
    res.clearCookie('demo_user');
    res.redirect(303, `${base}/signed-out`);
  });
  return app;
}

describeInBrowser('links preloaded before the click (htmx 2, htmx 4, Turbo 8)', () => {
  describe.each(PRELOADING)('$name', (preloading) => {
    const site = chromiumSite(() => makeApp(preloading));

    /** The first request for the page carries the preload's marker, or no marker header at all. */
    const expectMarked = (headers: Record<string, string> | undefined) => {
      const [name, value] = preloading.marker ?? ['hx-preloaded', undefined];
      expect(headers?.[name]).toBe(value);
    };

    /** The package's cookie `name` is gone once the page has cleared the chat, or kept (see cookieKept). */
    const expectCookie = async (page: Page, name: string) => {
      const names = (await page.context().cookies()).map((cookie) => cookie.name);
      expect(names.includes(name)).toBe(preloading.cookieKept);
    };

    /**
     * Presses the mouse on the link `selector`, waits for the preload of its page, then releases it;
     * returns the requests the server got for that page.
     */
    const preloadThenClick = async (page: Page, selector: string, title: string) => {
      const target = new URL((await page.getAttribute(selector, 'href'))!, site.base).href;
      const requests: Record<string, string>[] = [];
      page.on('request', (request) => {
        if (request.url() === target) requests.push(request.headers());
      });
      const preloaded = page.waitForResponse(target);
      await page.hover(selector);
      await page.mouse.down();
      await preloaded;
      await page.mouse.up();
      await page.waitForFunction(
        (t) =>
          document.getElementById('title')?.textContent === t &&
          typeof (window as unknown as { UR?: unknown }).UR === 'object',
        title,
      );
      // The SDK's load, and the calls made on it, have had their chance.
      await page.waitForLoadState('networkidle');
      return requests;
    };

    /**
     * Opens the next page by the link `selector`: preloaded first where the `cookie` was kept, so that
     * this page too is asked for as a prefetch, carries the cookie and repeats the clear.
     */
    const openNext = async (page: Page, selector: string, title: string, cookie: string) => {
      if (preloading.cookieKept) {
        await preloadThenClick(page, selector, title);
        await expectCookie(page, cookie);
        return;
      }
      await page.click(selector);
      await page.waitForFunction((t) => document.getElementById('title')?.textContent === t, title);
      await page.waitForLoadState('networkidle');
    };

    it('after a logout, the page the visitor opens clears the chat, though its preload came first', async () => {
      const { page, watch } = await site.open();
      await openSignedIn(page, site.base, `${site.base}/preload/a`);
      // The logout form submitted without htmx, then a full navigation to a page without the chat:
      // the logout's cookie waits for the next page.
      await Promise.all([
        page.waitForURL('**/signed-out'),
        page.$eval('#logout', (button) => (button as HTMLButtonElement).form!.submit()),
      ]);
      const requests = await preloadThenClick(page, '#to-a', 'Page A');
      expect(requests).toHaveLength(preloading.requests);
      expectMarked(requests[0]);
      expect(await urCalls(page)).toEqual([CLEAR_CALL]);
      await expectCookie(page, 'useresponse_clear');
      // The next page: where the cookie was kept, the page repeats the clear, which this browser has
      // carried out already, so a chat started meanwhile stays.
      await openNext(page, '#to-b', 'Page B', 'useresponse_clear');
      expect(await urCalls(page)).toEqual([CLEAR_CALL]);
      expect(watch.problems).toEqual([]);
      await page.context().close();
    });

    it('after a session ends without a logout (clearOnSessionEnd), the page the visitor opens clears the chat', async () => {
      const { page, watch } = await site.open();
      await openSignedIn(page, site.base, `${site.base}/preload/a`);
      // The session ends: its cookie is gone, and the browser still carries useresponse_identified.
      await page.context().clearCookies({ name: 'demo_user' });
      const requests = await preloadThenClick(page, '#to-b', 'Page B');
      expect(requests).toHaveLength(preloading.requests);
      expectMarked(requests[0]);
      expect(await urCalls(page)).toEqual([BRIAN_CALL, CLEAR_CALL]);
      await expectCookie(page, 'useresponse_identified');
      await openNext(page, '#to-a', 'Page A', 'useresponse_identified');
      expect(await urCalls(page)).toEqual([BRIAN_CALL, CLEAR_CALL]);
      expect(watch.problems).toEqual([]);
      await page.context().close();
    });
  });
});
