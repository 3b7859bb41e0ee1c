// htmx 2's preload extension (htmx-ext-preload) asks for a link's page on mousedown, to warm the
// browser's cache, and sends HX-Preloaded. A page that clears is never stored, so the click asks for
// it again: the preload must not use up the cookie that tells the page the visitor opens to clear.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTestApp } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { CLEAR_CALL, userConfigCall } from '../support/ur-calls';
import { chromiumSite } from './chromium-site';
import { describeInBrowser } from './chromium';
import type { UrCall } from './page-watch';

const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');
const LIBRARY = [
  path.join(NODE_MODULES, 'htmx.org', 'dist', 'htmx.min.js'),
  path.join(NODE_MODULES, 'htmx-ext-preload', 'dist', 'preload.min.js'),
]
  .map((file) => readFileSync(file, 'utf8'))
  .join(';\n');
// Boosted links, each preloaded on mousedown (the extension's default).
const BOOST = 'hx-boost="true" hx-ext="preload" preload';
const brian = userConfigCall(TEST_KEY, 'brian@example.com', 'Brian C.');

function makeApp() {
  const { app, chat } = createTestApp({
    chat: { clearOnSessionEnd: true },
    // The site's session: a cookie naming the visitor.
    user: (req) =>
      /(?:^|; )demo_user=brian(?:;|$)/.test(req.headers.cookie ?? '')
        ? { email: 'brian@example.com', name: 'Brian C.' }
        : undefined,
  });
  const base = '/preload';
  app.get('/library.js', (_req, res) => res.type('js').send(LIBRARY));
  for (const page of ['a', 'b']) {
    app.get(`${base}/${page}`, (_req, res) =>
      res.render('navigation', {
        title: `Page ${page.toUpperCase()}`,
        base,
        library: '/library.js',
        boost: BOOST,
        head: '',
      }),
    );
  }
  // Where the logout leads: a page without the chat, as a site's login page may be.
  app.get(`${base}/signed-out`, (_req, res) =>
    res.send(
      `<!doctype html><html><head><title>Signed out</title><link rel="icon" href="data:,"><script src="/library.js"></script></head>` +
        `<body ${BOOST}><h1 id="title">Signed out</h1><a id="to-a" href="${base}/a">Page A</a></body></html>`,
    ),
  );
  app.post(`${base}/logout`, chat.logout(), (_req, res) => {
    res.clearCookie('demo_user');
    res.redirect(303, `${base}/signed-out`);
  });
  return app;
}

describeInBrowser("htmx 2's preload extension", () => {
  const site = chromiumSite(makeApp);

  const calls = (page: Page) =>
    page.evaluate(() => (window as unknown as { UR?: { calls: UrCall[] } }).UR?.calls ?? []);

  /**
   * Presses the mouse on the link `selector`, waits for the extension's preload of its page, then
   * releases it: the click that boosts the visit asks for the page again.
   */
  const preloadThenClick = async (page: Page, selector: string, title: string) => {
    const preloaded = page.waitForResponse((response) => response.request().headers()['hx-preloaded'] === 'true');
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
  };

  it('after a logout, the page the visitor opens clears the chat, though its preload came first', async () => {
    const { page, watch } = await site.open();
    await page.context().addCookies([{ name: 'demo_user', value: 'brian', url: site.base }]);
    await page.goto(`${site.base}/preload/a`);
    await page.waitForFunction(() => (window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length === 1);
    expect(await calls(page)).toEqual([brian]);

    // The logout form submitted without htmx, then a full navigation to a page without the chat:
    // the logout's cookie waits for the next page.
    await Promise.all([
      page.waitForURL('**/signed-out'),
      page.$eval('#logout', (button) => (button as HTMLButtonElement).form!.submit()),
    ]);
    await preloadThenClick(page, '#to-a', 'Page A');
    expect(await calls(page)).toEqual([CLEAR_CALL]);
    const cookies = (await page.context().cookies()).map((cookie) => cookie.name);
    expect(cookies).not.toContain('useresponse_clear');
    expect(watch.problems).toEqual([]);
    await page.context().close();
  });

  it('after a session ends without a logout (clearOnSessionEnd), the page the visitor opens clears the chat', async () => {
    const { page, watch } = await site.open();
    await page.context().addCookies([{ name: 'demo_user', value: 'brian', url: site.base }]);
    await page.goto(`${site.base}/preload/a`);
    await page.waitForFunction(() => (window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length === 1);

    // The session ends: its cookie is gone, and the browser still carries useresponse_identified.
    await page.context().clearCookies({ name: 'demo_user' });
    await preloadThenClick(page, '#to-b', 'Page B');
    expect(await calls(page)).toEqual([brian, CLEAR_CALL]);
    const cookies = (await page.context().cookies()).map((cookie) => cookie.name);
    expect(cookies).not.toContain('useresponse_identified');
    expect(watch.problems).toEqual([]);
    await page.context().close();
  });
});
