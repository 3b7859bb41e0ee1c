// The package's own loader in Chromium, under a nonce-only CSP, under 'strict-dynamic', by hash, and
// with Trusted Types enforced.
import express from 'express';
import { useResponseChat } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import { describeInBrowser } from './chromium';
import { chatPage, chromiumSite } from './chromium-site';

const NONCE = 'bm9uY2UtZm9yLXRlc3Rz';
const logger = recordingLogger();
const chat = useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, logger });
const TRUSTED_TYPES = `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'; trusted-types default`;
/** The site's default Trusted Types policy: script URLs of the widget's origin only. */
const DEFAULT_POLICY = `<script nonce="${NONCE}">trustedTypes.createPolicy('default', { createScriptURL: (url) => (new URL(url, location.href).origin === ${JSON.stringify(new URL(WIDGET_SRC).origin)} ? url : null) });</script>`;
const POLICIES = {
  'nonce only': `script-src 'nonce-${NONCE}'; object-src 'none'; base-uri 'none'`,
  "nonce and 'strict-dynamic'": `script-src 'nonce-${NONCE}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`,
  "chat.cspScriptHash and 'strict-dynamic', no nonce": `script-src ${chat.cspScriptHash} 'strict-dynamic'; object-src 'none'; base-uri 'none'`,
};

describeInBrowser('the chat under a strict CSP in Chromium', () => {
  const site = chromiumSite(() => {
    const app = express();
    app.use((req, res, next) => {
      const policy =
        req.path === '/trusted-types' ? TRUSTED_TYPES : POLICIES[req.query.policy as keyof typeof POLICIES];
      if (policy.includes('nonce')) res.locals.cspNonce = NONCE;
      res.setHeader('Content-Security-Policy', policy);
      if (typeof req.query.user === 'string')
        (req as { user?: unknown }).user = { email: String(req.query.user), name: 'Ünïcode </script> Name' };
      next();
    });
    app.use(chat);
    app.get('/', (_req, res) => {
      res.send(chatPage(res.locals.useresponseChat()));
    });
    app.get('/trusted-types', (_req, res) => {
      res.send(chatPage(res.locals.useresponseChat(), DEFAULT_POLICY));
    });
    return app;
  });
  afterAll(() => {
    expect(logger.messages).toEqual([]);
  });

  describe.each(Object.keys(POLICIES))('%s', (policy) => {
    it('loads the SDK once with no violation and identifies the visitor once', async () => {
      const { page, watch } = await site.open();
      const result = await watch.visit(() =>
        page.goto(`${site.base}/?policy=${encodeURIComponent(policy)}&user=brian%40example.com`),
      );
      expect(result.sdkRequests).toBe(1);
      expect(result.calls).toEqual([userConfigCall(TEST_KEY, 'brian@example.com', 'Ünïcode </script> Name')]);
      expect(await page.getAttribute(`script[src="${WIDGET_SRC}"]`, 'async')).not.toBeNull();
      expect(watch.problems).toEqual([]);
      await page.context().close();
    });

    it('runs again after the load event (a Turbo-style visit) without loading the SDK twice', async () => {
      const { page, watch } = await site.open();
      await watch.visit(() => page.goto(`${site.base}/?policy=${encodeURIComponent(policy)}&user=brian%40example.com`));
      // Turbo re-creates the new page's scripts with their attributes, nonce included.
      await page.evaluate((nonce) => {
        for (const old of Array.from(document.querySelectorAll('script:not([src])'))) {
          const copy = document.createElement('script');
          for (const { name, value } of Array.from(old.attributes)) copy.setAttribute(name, value);
          if ((old as HTMLScriptElement).nonce) copy.nonce = nonce;
          copy.textContent = old.textContent;
          document.body.appendChild(copy);
        }
      }, NONCE);
      await page.waitForFunction(() => (window as unknown as { UR: { calls: unknown[] } }).UR.calls.length === 2);
      expect(await page.evaluate(() => document.querySelectorAll('script[src]').length)).toBe(1);
      expect(watch.problems).toEqual([]);
      await page.context().close();
    });
  });

  // Trusted Types make script.src a sink: the SDK's URL goes through the site's default policy, as
  // every script URL on such a site must (UseResponse's own SDK included).
  it("under Trusted Types, with the site's default policy, loads the SDK and identifies the visitor", async () => {
    const { page, watch } = await site.open();
    const result = await watch.visit(() => page.goto(`${site.base}/trusted-types?user=brian%40example.com`));
    expect(result.sdkRequests).toBe(1);
    expect(result.calls).toEqual([userConfigCall(TEST_KEY, 'brian@example.com', 'Ünïcode </script> Name')]);
    expect(watch.problems).toEqual([]);
    await page.context().close();
  });
});
