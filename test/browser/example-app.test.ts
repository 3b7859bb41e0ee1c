// The whole flow in Chromium against the example app: login, pages, logout, user switch, hostile name.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STAND_IN_SDK } from '../support/run-page';
import { CLEAR_CALL, userConfigCall } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';
import { startExample, type RunningExample } from './example-server';
import { watchPage, type PageWatch } from './page-watch';

const DEMO_KEY = 'demo-security-key-NOT-SECRET';
const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshot.png');
const isSdk = (url: string) => /\/public\/sdk\/chat-uriid_[0-9a-f]{40}-\d+\.js$/.test(url);

describeInBrowser('the example app in Chromium', () => {
  let browser: Browser;
  let app: RunningExample;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(), startExample()]);
    context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
    page = await context.newPage();
    watch = await watchPage(page, isSdk);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(() => {
    // Step 7, on every page of every step.
    expect(watch.problems.splice(0)).toEqual([]);
  });

  /** Opens the login page, then returns the click whose resulting page is the one to check. */
  const loginAs = async (email: string) => {
    await watch.visit(() => page.goto(`${app.url}/login`));
    return () => page.click(`button[data-email="${email}"]`);
  };
  const userConfig = (email: string, userName: string, properties?: Record<string, string>) =>
    userConfigCall(DEMO_KEY, email, userName, properties);

  it('says at start-up that it runs on a demo key', () => {
    expect(app.output()).toMatch(/DEMO MODE.*demo security key/);
  });

  it('1. an anonymous visit loads the SDK once, makes no userConfig call and holds no identity', async () => {
    const result = await watch.visit(() => page.goto(app.url));
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([]);
    expect(result.html).not.toMatch(/userEmail|data-useresponse/);
    await expect(page.textContent('#ur-stand-in')).resolves.toContain('anonymous');
  });

  it('2. logging in as Brian makes one userConfig call with the right token, and the panel says it is valid', async () => {
    const result = await watch.visit(await loginAs('brian@example.com'));
    expect(result.calls).toEqual([userConfig('brian@example.com', 'Brian C.', { property_172: '188' })]);
    expect(result.sdkRequests).toBe(1);
    expect(result.html).not.toContain(DEMO_KEY);
    await page.waitForSelector('.ur-token-valid');
    await expect(page.textContent('#ur-stand-in')).resolves.toContain('Brian C. <brian@example.com>');
    // Step 8: the picture in the README.
    await page.screenshot({ path: SCREENSHOT });
  });

  it('3. a second page carries the identity again and loads the SDK once', async () => {
    const result = await watch.visit(() => page.goto(`${app.url}/account`));
    expect(result.calls).toEqual([userConfig('brian@example.com', 'Brian C.', { property_172: '188' })]);
    expect(result.sdkRequests).toBe(1);
  });

  it('4. logging out (a redirect) clears the chat on the next page, and only there', async () => {
    const next = await watch.visit(() => page.click('#logout'));
    expect(page.url()).toBe(`${app.url}/`);
    expect(next.calls).toEqual([CLEAR_CALL]);
    expect(next.html).not.toContain('brian@example.com');
    const after = await watch.visit(() => page.goto(`${app.url}/account`));
    expect(after.calls).toEqual([]);
  });

  it('5. logging in as Alice while Brian is logged in: the chat drops Brian first', async () => {
    await watch.visit(await loginAs('brian@example.com'));
    const alice = await watch.visit(await loginAs('alice@example.com'));
    expect(alice.calls).toEqual([CLEAR_CALL, userConfig('alice@example.com', 'Alice')]);
    await expect(page.textContent('#ur-stand-in')).resolves.toContain('alice@example.com');
    await expect(page.textContent('#ur-stand-in')).resolves.not.toContain('brian');
  });

  it('6. the hostile name stays harmless and reaches userConfig exactly as stored', async () => {
    const hostile = '</script><script>window.__pwned=1</script>';
    const result = await watch.visit(await loginAs('mallory@example.com'));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(result.calls.at(-1)).toEqual(userConfig('mallory@example.com', hostile));
    await expect(page.textContent('.who')).resolves.toContain(hostile);
  });

  it('7. a session that ends without a logout (its cookie gone with the browser) clears the chat on the next page, and only there', async () => {
    await watch.visit(await loginAs('brian@example.com'));
    await context.clearCookies({ name: 'connect.sid' });
    const next = await watch.visit(() => page.goto(`${app.url}/account`));
    expect(next.calls).toEqual([CLEAR_CALL]);
    expect(next.html).not.toContain('brian@example.com');
    await expect(page.textContent('#ur-stand-in')).resolves.toContain('anonymous');
    const after = await watch.visit(() => page.goto(app.url));
    expect(after.calls).toEqual([]);
  });

  it('logging out on one instance clears the chat on a page served by another that shares nothing', async () => {
    const second = await startExample();
    try {
      await watch.visit(await loginAs('brian@example.com'));
      // Same browser, same cookie jar; the logout goes to the first instance, the next page comes from the second.
      const logout = await page.request.post(`${app.url}/logout`, { maxRedirects: 0 });
      expect(logout.status()).toBe(302);
      const next = await watch.visit(() => page.goto(second.url));
      expect(next.calls).toEqual([CLEAR_CALL]);
      const after = await watch.visit(() => page.goto(`${second.url}/account`));
      expect(after.calls).toEqual([]);
    } finally {
      await second.stop();
    }
  });
});

describeInBrowser('the example app with a real widget configured', () => {
  const key = 'real-mode-key-for-browser-tests';
  const widgetSrc = 'https://chat.useresponse.test/public/sdk/chat-uriid_0123456789abcdef0123456789abcdef01234567-2.js';
  let browser: Browser;
  let app: RunningExample;

  beforeAll(async () => {
    [browser, app] = await Promise.all([
      launchChromium(),
      startExample({ USERESPONSE_SECURITY_KEY: key, USERESPONSE_WIDGET_SRC: widgetSrc }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('loads the widget through the package, under the same CSP, and has no demo endpoints', async () => {
    expect(app.output()).not.toMatch(/DEMO MODE/);
    const context = await browser.newContext();
    // No machine here reaches UseResponse: the widget URL is answered by a recording stand-in.
    await context.route(widgetSrc, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK }));
    const page = await context.newPage();
    const watch = await watchPage(page, (url) => url === widgetSrc);
    await watch.visit(() => page.goto(`${app.url}/login`));
    const result = await watch.visit(() => page.click('button[data-email="brian@example.com"]'));
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([userConfigCall(key, 'brian@example.com', 'Brian C.', { property_172: '188' })]);
    expect(result.html).not.toContain('UR_initiator');
    expect(result.html).not.toContain(key);
    expect(watch.problems).toEqual([]);
    expect((await page.request.post(`${app.url}/demo/verify`, { data: {} })).status()).toBe(404);
    await context.close();
  });

  it('the single-page app, when the browser cannot load the widget (an ad blocker): startChat rejects, saying so', async () => {
    const context = await browser.newContext();
    await context.route(widgetSrc, (route) => route.abort('blockedbyclient'));
    const page = await context.newPage();
    // The demo's module awaits startChat at its top level: the rejection surfaces as a page error.
    const failure = page.waitForEvent('pageerror', { timeout: 10_000 });
    await page.goto(`${app.url}/spa`);
    expect((await failure).message).toContain(`the chat SDK ${widgetSrc} did not load`);
    expect(await page.locator(`script[src="${widgetSrc}"]`).count()).toBe(0);
    await context.close();
  });
});
