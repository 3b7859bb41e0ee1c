// A logout that sends Clear-Site-Data with "cookies" (OWASP's advice): Chromium drops the logout
// cookie set in the same response, so after a redirect the next page cannot clear the chat, and the
// logger says so; a logout page that calls the helper clears the chat at once.
import type { Page } from 'playwright-core';
import { createTestApp, type RecordingLogger } from '../support/app';
import { CLEAR_CALL } from '../support/ur-calls';
import { chromiumSite } from './chromium-site';
import { describeInBrowser } from './chromium';
import { brianWhileSignedIn, openSignedIn, urCalls } from './demo-session';

let logger: RecordingLogger;

function makeApp() {
  const test = createTestApp({ user: brianWhileSignedIn });
  const { app, chat } = test;
  logger = test.logger;
  app.post('/sign-out', chat.logout(), (_req, res) => {
    res.clearCookie('demo_user');
    res.setHeader('Clear-Site-Data', '"cookies"');
    res.redirect(303, '/');
  });
  app.post('/sign-out-page', chat.logout(), (_req, res) => {
    res.clearCookie('demo_user');
    res.setHeader('Clear-Site-Data', '"cookies"');
    res.render('page', { title: 'Signed out' });
  });
  return app;
}

describeInBrowser('a logout that sends Clear-Site-Data: "cookies"', () => {
  const site = chromiumSite(makeApp);

  /** Brian's page, then the logout form posted to `action`; resolves on the page it leads to. */
  const logOut = async (page: Page, action: string) => {
    await openSignedIn(page, site.base, site.base);
    await Promise.all([
      page.waitForEvent('load'),
      page.evaluate((to) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = to;
        document.body.append(form);
        form.submit();
      }, action),
    ]);
    await page.waitForFunction(() => typeof (window as unknown as { UR?: unknown }).UR === 'object');
    await page.waitForLoadState('networkidle');
  };

  it('after a redirect, the browser has dropped the logout cookie, and the logger said so', async () => {
    const { page, watch } = await site.open();
    logger.messages.length = 0;
    await logOut(page, '/sign-out');
    expect(await urCalls(page)).toEqual([]);
    expect(logger.messages).toEqual([expect.stringMatching(/Clear-Site-Data.*next page cannot clear the chat/)]);
    expect(watch.problems).toEqual([]);
    await page.context().close();
  });

  it('a logout page that calls the helper clears the chat at once, and nothing is said', async () => {
    const { page, watch } = await site.open();
    logger.messages.length = 0;
    await logOut(page, '/sign-out-page');
    expect(await urCalls(page)).toEqual([CLEAR_CALL]);
    expect(logger.messages).toEqual([]);
    expect(watch.problems).toEqual([]);
    await page.context().close();
  });
});
