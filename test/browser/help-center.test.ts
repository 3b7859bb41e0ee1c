// The help center's Single Sign-On round trip in Chromium: the example site and its stand-in help center.
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CLEAR_CALL } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';
import { startExample, type RunningExample } from './example-server';
import { watchPage, type PageWatch } from './page-watch';

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'help-center.png');
const isSdk = (url: string) => /\/public\/sdk\/chat-uriid_[0-9a-f]{40}-\d+\.js$/.test(url);

describeInBrowser('help-center Single Sign-On in Chromium', () => {
  let browser: Browser;
  let app: RunningExample;
  let helpCenter: string;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  const problems: string[] = [];

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(), startExample()]);
    helpCenter = app.helpCenterUrl!;
    context = await browser.newContext({ viewport: { width: 1000, height: 520 } });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    watch = await watchPage(page, isSdk);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
    expect(watch.problems.splice(0)).toEqual([]);
  });

  it('starts with the site', () => {
    expect(helpCenter).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it('logged out: Log in on the help center, log in on the site, back on the same help-center page as Brian', async () => {
    await page.goto(`${helpCenter}/topic/1`);
    await expect(page.textContent('#hc-login')).resolves.toBe('Log in');
    await page.click('#hc-login');
    // Anonymous on the site: its login page, with the way back.
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toMatch(/^\/help-center\/login\?redirect=/);
    await Promise.all([page.waitForURL(`${helpCenter}/topic/1`), page.click('button[data-email="brian@example.com"]')]);
    await expect(page.textContent('#topic')).resolves.toBe('Topic 1');
    await expect(page.textContent('#hc-user')).resolves.toBe('Signed in as Brian C. <brian@example.com>');
    await page.goto(helpCenter);
    await expect(page.textContent('#hc-identity')).resolves.toContain('{"property_172":"188"}');
    await page.screenshot({ path: SCREENSHOT });
  });

  it('already logged in on the site: Log in on the help center comes straight back signed in', async () => {
    const other = await context.newPage();
    await other.goto(`${helpCenter}/topic/7`);
    await context.clearCookies({ domain: 'localhost', name: 'hc_session' });
    await other.goto(`${helpCenter}/topic/7`);
    await Promise.all([other.waitForURL(`${helpCenter}/topic/7`), other.click('#hc-login')]);
    await expect(other.textContent('#hc-user')).resolves.toContain('Brian C.');
    await other.close();
  });

  it('a tampered link is rejected with a clear page', async () => {
    const response = await context.request.get(`${app.url}/help-center/login`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    const link = response.headers().location!;
    expect(link.startsWith(`${helpCenter}/sso/`)).toBe(true);
    // Change the obfuscated id: another user, with the same hash.
    const parts = link.split('/');
    const idAt = parts.length - 3;
    parts[idAt] = parts[idAt]!.replace(/^./, (c) => (c === '5' ? '6' : '5'));
    const tampered = await page.goto(parts.join('/'));
    expect(tampered?.status()).toBe(403);
    await expect(page.textContent('#sso-refused')).resolves.toBe('This sign-in link is not valid');
    // The refusal's 403 is the one console error expected here.
    expect(problems.splice(0)).toEqual([expect.stringContaining('403')]);
    expect(watch.problems.splice(0)).toEqual([expect.stringContaining('403')]);
  });

  it('a GET to the External Logout URL from another site asks first and logs nobody out', async () => {
    // As a link on another site would: a cross-site top-level navigation.
    await page.goto(`${app.url}/help-center/logout`, { referer: 'https://evil.example/' });
    await expect(page.textContent('#confirm-logout')).resolves.toBe('Log out');
    await expect(page.textContent('.who')).resolves.toContain('Brian C.');
  });

  it("the help center's Log out logs the visitor out of the site, and the chat is cleared on the next site page", async () => {
    await page.goto(helpCenter);
    const next = await watch.visit(() => page.click('#hc-logout'));
    expect(page.url()).toBe(`${app.url}/`);
    expect(next.calls).toEqual([CLEAR_CALL]);
    await expect(page.textContent('#login-link')).resolves.toBe('Log in');
    const after = await watch.visit(() => page.goto(`${app.url}/account`));
    expect(after.calls).toEqual([]);
    await page.goto(helpCenter);
    await expect(page.textContent('#hc-login')).resolves.toBe('Log in');
  });
});
