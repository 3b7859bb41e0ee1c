// The external client script in Chromium, under script-src 'self' and the widget's origin: no nonce, no hash.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Browser } from 'playwright-core';
import { useResponseChat } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { STAND_IN_SDK } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';
import { watchPage } from './page-watch';

const POLICY = `script-src 'self' ${new URL(WIDGET_SRC).origin}; object-src 'none'; base-uri 'none'`;

describeInBrowser('the external client script in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  const logger = recordingLogger();
  beforeAll(async () => {
    const chat = useResponseChat({
      securityKey: TEST_KEY,
      widgetSrc: WIDGET_SRC,
      logger,
      clientScript: '/useresponse',
    });
    const app = express();
    app.use(chat.clientScript());
    app.use((req, res, next) => {
      res.setHeader('Content-Security-Policy', POLICY);
      if (req.query.anonymous === undefined)
        (req as { user?: unknown }).user = { email: 'brian@example.com', name: 'Brian </script> C.' };
      next();
    });
    app.use(chat);
    app.get('/', (_req, res) => {
      res.send(
        `<!doctype html><html><head><title>t</title><link rel="icon" href="data:,"></head><body><h1>t</h1>${res.locals.useresponseChat()}</body></html>`,
      );
    });
    server = app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("identifies the visitor once under script-src 'self', with no violation", async () => {
    const context = await browser.newContext();
    await context.route(WIDGET_SRC, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK }));
    const page = await context.newPage();
    const watch = await watchPage(page, (url) => url === WIDGET_SRC);
    const result = await watch.visit(() => page.goto(base));
    expect(result.html).not.toContain('nonce');
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([userConfigCall(TEST_KEY, 'brian@example.com', 'Brian </script> C.')]);
    expect(watch.problems).toEqual([]);
    expect(logger.messages).toEqual([]);
    await context.close();
  });

  it("loads the widget for an anonymous visitor from the script element alone, under script-src 'self'", async () => {
    const context = await browser.newContext();
    await context.route(WIDGET_SRC, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK }));
    const page = await context.newPage();
    const watch = await watchPage(page, (url) => url === WIDGET_SRC);
    const result = await watch.visit(() => page.goto(`${base}/?anonymous`));
    expect(result.html).not.toContain('application/json');
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect(logger.messages).toEqual([]);
    await context.close();
  });
});
