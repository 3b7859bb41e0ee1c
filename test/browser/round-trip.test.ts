// Hostile identities through the page to UR.userConfig in Chromium, after a script has primed V8 for nodejs/node#63785.
import express from 'express';
import { useResponseChat, type UseResponseIdentity } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { POISON_JSON_PARSE } from '../support/json-keys';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import { describeInBrowser } from './chromium';
import { chatPage, chromiumSite } from './chromium-site';

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
  const logger = recordingLogger();
  const site = chromiumSite(() => {
    const chat = useResponseChat({
      securityKey: TEST_KEY,
      widgetSrc: WIDGET_SRC,
      logger,
      customFields: CUSTOM_FIELDS,
      identify: (req) => SAMPLE[Number(req.query.case)] ?? null,
    });
    const app = express();
    app.use(chat);
    // Another script of the page parses JSON with an escaped-backslash key before the chat runs.
    app.get('/', (_req, res) =>
      res.send(chatPage(res.locals.useresponseChat(), `<script>${POISON_JSON_PARSE}</script>`)),
    );
    return app;
  });

  it.each(HOSTILE.map((text, i) => [text, i] as const))('%j', async (text, i) => {
    const { page, watch } = await site.open();
    await page.goto(`${site.base}/?case=${i}`);
    await page.waitForFunction(() => ((window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length ?? 0) > 0);
    // Through JSON.stringify, which escapes lone surrogates, so they survive the trip out of the page.
    const calls = JSON.parse(
      await page.evaluate(() => JSON.stringify((window as unknown as { UR: { calls: unknown[] } }).UR.calls)),
    ) as unknown;
    const identity = SAMPLE[i]!;
    expect(calls).toEqual([userConfigCall(TEST_KEY, identity.email, text, expectedProperties(text))]);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(watch.problems).toEqual([]);
    expect(logger.messages).toEqual([]);
    await page.context().close();
  });
});
