// The external client script in Chromium, under script-src 'self' and the widget's origin: no nonce, no hash.
import express from 'express';
import { useResponseChat } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import { describeInBrowser } from './chromium';
import { chatPage, chromiumSite } from './chromium-site';

const POLICY = `script-src 'self' ${new URL(WIDGET_SRC).origin}; object-src 'none'; base-uri 'none'`;

describeInBrowser('the external client script in Chromium', () => {
  const logger = recordingLogger();
  const site = chromiumSite(() => {
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
      res.send(chatPage(res.locals.useresponseChat()));
    });
    return app;
  });

  it("identifies the visitor once under script-src 'self', with no violation", async () => {
    const { page, watch } = await site.open();
    const result = await watch.visit(() => page.goto(site.base));
    expect(result.html).not.toContain('nonce');
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([userConfigCall(TEST_KEY, 'brian@example.com', 'Brian </script> C.')]);
    expect(watch.problems).toEqual([]);
    expect(logger.messages).toEqual([]);
    await page.context().close();
  });

  it("loads the widget for an anonymous visitor from the script element alone, under script-src 'self'", async () => {
    const { page, watch } = await site.open();
    const result = await watch.visit(() => page.goto(`${site.base}/?anonymous`));
    expect(result.html).not.toContain('application/json');
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([]);
    expect(watch.problems).toEqual([]);
    expect(logger.messages).toEqual([]);
    await page.context().close();
  });
});
