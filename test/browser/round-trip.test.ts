// Hostile identities through the page to UR.userConfig in Chromium, after a script has primed V8 for nodejs/node#63785.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Browser } from 'playwright-core';
import { useResponseChat, type UseResponseIdentity } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { POISON_JSON_PARSE } from '../support/json-keys';
import { STAND_IN_SDK } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import { describeInBrowser, launchChromium } from './chromium';

const HOSTILE = [
  '</script><script>window.__pwned=1</script>',
  '<!--<script>',
  '\\',
  '\\u003c',
  '"',
  '\u2028\u2029',
  'nul\u0000 \u0001\u001b\u007f\u0085',
  'lone \ud800 surrogate',
  'Zoë Ñandú 🙂',
  '&lt;&amp;',
];
const CUSTOM_FIELDS = { '\\': 1, '<': 2, '"': 3, 'Zoë 🙂': 4 };

const SAMPLE: UseResponseIdentity[] = HOSTILE.map((text, i) => ({
  // eslint-disable-next-line no-control-regex -- emails with controls are refused; the name keeps them
  email: `user${i}+${text.replace(/[\u0000-\u001f\u007f-\u009f\ud800]/g, '')}@example.com`,
  name: text,
  properties: { '\\': text, '<': `${text}<`, '"': 'q', 'Zoë 🙂': text, property_170: text },
}));

function expectedProperties(text: string) {
  return { property_1: text, property_2: `${text}<`, property_3: 'q', property_4: text, property_170: text };
}

describeInBrowser('hostile identities reach UR.userConfig unchanged in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  const logger = recordingLogger();
  beforeAll(async () => {
    const chat = useResponseChat({
      securityKey: TEST_KEY,
      widgetSrc: WIDGET_SRC,
      logger,
      customFields: CUSTOM_FIELDS,
      identify: (req) => SAMPLE[Number(req.query.case)] ?? null,
    });
    const app = express();
    app.use(chat);
    app.get('/', (_req, res) => {
      // Another script of the page parses JSON with an escaped-backslash key before the chat runs.
      res.send(
        `<!doctype html><html><head><link rel="icon" href="data:,"><script>${POISON_JSON_PARSE}</script></head><body>${res.locals.useresponseChat()}</body></html>`,
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

  it.each(HOSTILE.map((text, i) => [text, i] as const))('%j', async (text, i) => {
    const context = await browser.newContext();
    await context.route(WIDGET_SRC, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK }));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/?case=${i}`);
    await page.waitForFunction(() => ((window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length ?? 0) > 0);
    // Through JSON.stringify, which escapes lone surrogates, so they survive the trip out of the page.
    const calls = JSON.parse(
      await page.evaluate(() => JSON.stringify((window as unknown as { UR: { calls: unknown[] } }).UR.calls)),
    ) as unknown;
    const identity = SAMPLE[i]!;
    expect(calls).toEqual([userConfigCall(TEST_KEY, identity.email, text, expectedProperties(text))]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    expect(logger.messages).toEqual([]);
    await context.close();
  });
});
