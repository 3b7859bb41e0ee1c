// The example app's single-page app in Chromium: express-useresponse/browser follows a login and a
// logout made with fetch, with no reload, under the app's strict CSP.
import type { Browser, Page } from 'playwright-core';
import { CLEAR_CALL, userConfigCall } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';
import { startExample, type RunningExample } from './example-server';
import { watchPage, type PageWatch, type UrCall } from './page-watch';

const DEMO_KEY = 'demo-security-key-NOT-SECRET';
const isSdk = (url: string) => /\/public\/sdk\/chat-uriid_[0-9a-f]{40}-\d+\.js$/.test(url);

describeInBrowser('a single-page app with express-useresponse/browser', () => {
  let browser: Browser;
  let app: RunningExample;
  let page: Page;
  let watch: PageWatch;
  let sdkRequests = 0;

  beforeAll(async () => {
    [browser, app] = await Promise.all([launchChromium(), startExample()]);
    page = await browser.newPage();
    watch = await watchPage(page, isSdk);
    page.on('request', (request) => {
      if (isSdk(request.url())) sdkRequests += 1;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const calls = () => page.evaluate(() => (window as unknown as { UR: { calls: UrCall[] } }).UR.calls);
  const who = (text: string) => page.waitForFunction((t) => document.getElementById('who')?.textContent === t, text);
  const logIn = async (email: string) => {
    await page.fill('#spa-login input[name=email]', email);
    await page.fill('#spa-login input[name=password]', 'demo');
    await page.click('#spa-login button[type=submit]');
  };

  it('logs in, shows the identity, logs out and clears the chat, all without a reload', async () => {
    await page.goto(`${app.url}/spa`);
    await who('Not signed in');
    expect(await calls()).toEqual([]);
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await logIn('brian@example.com');
    await who('Signed in as Brian C.');
    expect(await calls()).toEqual([userConfigCall(DEMO_KEY, 'brian@example.com', 'Brian C.', { property_172: '188' })]);

    await page.click('#spa-logout');
    await who('Not signed in');
    expect((await calls()).slice(1)).toEqual([CLEAR_CALL]);

    // The chat forgot Brian on logout: Alice's login is not a change of visitor to clear again.
    await logIn('alice@example.com');
    await who('Signed in as Alice');
    expect((await calls()).slice(2)).toEqual([userConfigCall(DEMO_KEY, 'alice@example.com', 'Alice')]);

    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(sdkRequests).toBe(1);
    expect(watch.problems).toEqual([]);
  });

  it('a wrong password shows an error and leaves the chat anonymous', async () => {
    await page.goto(`${app.url}/spa`);
    await page.click('#spa-logout');
    await who('Not signed in');
    const before = (await calls()).length;
    await page.fill('#spa-login input[name=email]', 'brian@example.com');
    await page.fill('#spa-login input[name=password]', 'wrong');
    await page.click('#spa-login button[type=submit]');
    await page.waitForSelector('#spa-error:not([hidden])');
    expect(await page.textContent('#spa-error')).toBe('Wrong email or password.');
    expect((await calls()).slice(before)).toEqual([]);
    await page.reload();
    await who('Not signed in');
    expect(watch.problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });

  it('a session that ends without a logout: the next load clears the chat, and useresponse_identified goes', async () => {
    const marked = async () =>
      (await page.context().cookies(app.url)).some((cookie) => cookie.name === 'useresponse_identified');
    // After the test above: nobody is logged in.
    const problemsBefore = watch.problems.length;
    await page.goto(`${app.url}/spa`);
    await who('Not signed in');
    await logIn('brian@example.com');
    await who('Signed in as Brian C.');
    expect(await marked()).toBe(true);

    await page.context().clearCookies({ name: 'connect.sid' });
    await page.reload();
    await who('Not signed in');
    await page.waitForFunction(() => (window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length === 1);
    expect(await calls()).toEqual([CLEAR_CALL]);
    expect(await marked()).toBe(false);
    expect(watch.problems.slice(problemsBefore)).toEqual([]);
  });
});
