import request from 'supertest';
import { computeToken, type UseResponseIdentity } from '../../src/index';
import { createTestApp } from '../support/app';
import { elementsOf, scriptElements } from '../support/html';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';

const HOSTILE = [
  '</script><script>window.__pwned=1</script>',
  '</SCRIPT ><script>window.__pwned=1</script>',
  '</script\t><img src=x onerror="window.__pwned=1">',
  '<!--<script>',
  '<!--<script></script><script>window.__pwned=1</script>-->',
  '-->',
  ']]>',
  '"); window.__pwned=1; //',
  "'; window.__pwned=1; //",
  '`${window.__pwned=1}`',
  'trailing backslash \\',
  '\\u003c/script>',
  'line\u2028separator\u2029paragraph',
  'nul\u0000 and controls \u0001\u0008\u001b\u007f\u0085',
  'cr\r\nlf\r',
  '\ufeffbom and \u202eright-to-left',
  'lone high \ud800 and lone low \udc00',
  'emoji 🙂 and ünïcödé',
  '&lt;script&gt; &amp; &#60;script&#62; &#x3c;',
  '<b>bold</b><img src=x onerror=window.__pwned=1>',
];

async function render(identity: UseResponseIdentity) {
  const { app, logger } = createTestApp({ chat: { identify: () => identity } });
  const res = await request(app).get('/').expect(200);
  return { html: res.text, logger };
}

// One special character alone, so that no other character in the string takes it off the fast path.
describe('a single character at the edges of what is written as it is', () => {
  it.each([
    ['U+001F', '\u001f', '\\u001f'],
    ['DEL', '\u007f', '\\u007f'],
    ['U+0080', '\u0080', '\\u0080'],
    ['a quote', '"', '\\"'],
    ['a backslash', '\\', '\\\\'],
    ['an ampersand', '&', '\\u0026'],
    ['a less-than sign', '<', '\\u003c'],
    ['a greater-than sign', '>', '\\u003e'],
  ])('%s in a name is escaped in the page, and arrives unchanged', async (_label, char, written) => {
    const { html } = await render({ email: 'edge@example.com', name: `a${char}b` });
    expect(html).toContain(`"userName":"a${written}b"`);
    const page = await runPage(html);
    expect(page.calls()[0]?.args[0]).toMatchObject({ userName: `a${char}b` });
  });

  it.each([' ', '!', '#', '%', "'", ';', '=', '?', '[', ']', '~'])('%j in a name is written as it is', async (char) => {
    const { html } = await render({ email: 'edge@example.com', name: `a${char}b` });
    expect(html).toContain(`"userName":"a${char}b"`);
  });
});

describe.each(HOSTILE)('hostile data %j', (hostile) => {
  it('as the name and a property value: no markup or code is injected, and it arrives unchanged', async () => {
    const { html, logger } = await render({
      email: 'victim@example.com',
      name: hostile,
      properties: { property_1: hostile, [hostile]: 'as a key' },
    });
    // The HTML parser sees exactly the page's elements plus the helper's two scripts.
    expect(scriptElements(html)).toHaveLength(2);
    expect(elementsOf(html).map((e) => e.tagName)).toEqual(['html', 'head', 'title', 'body', 'h1', 'script', 'script']);

    const page = await runPage(html);
    expect((page.window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(page.errors).toEqual([]);
    expect(page.calls()).toEqual([
      {
        method: 'userConfig',
        args: [
          {
            token: computeToken(TEST_KEY, 'victim@example.com'),
            userEmail: 'victim@example.com',
            userName: hostile,
            properties: { property_1: hostile },
          },
        ],
      },
    ]);
    // As a key it is not a UseResponse field: dropped, and named in the warning as JSON.
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain('was dropped');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(logger.messages[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    const quoted = /property ("(?:[^"\\]|\\.)*")/.exec(logger.messages[0]!)![1]!;
    expect(JSON.parse(quoted)).toBe(hostile.length > 200 ? hostile.slice(0, 200) + '…' : hostile);
  });
});

describe('hostile emails', () => {
  it.each([
    '"</script><script>window.__pwned=1</script>"@example.com',
    "o'brien+tag@example.com",
    'back\\slash@example.com',
    'ünïcode@exämple.com',
  ])('%j is hashed and sent exactly, and cannot inject', async (email) => {
    const { html } = await render({ email });
    expect(scriptElements(html)).toHaveLength(2);
    const page = await runPage(html);
    expect((page.window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
    const [call] = page.calls();
    expect(call!.args[0]).toEqual({ token: computeToken(TEST_KEY, email), userEmail: email, properties: {} });
  });

  it('NFC and NFD forms are different users: each hashed as given', async () => {
    const nfc = 'jos\u00e9@example.com';
    const nfd = 'jose\u0301@example.com';
    const [a, b] = await Promise.all([render({ email: nfc }), render({ email: nfd })]);
    const [callA] = (await runPage(a.html)).calls();
    const [callB] = (await runPage(b.html)).calls();
    expect((callA!.args[0] as { userEmail: string }).userEmail).toBe(nfc);
    expect((callB!.args[0] as { token: string }).token).toBe(computeToken(TEST_KEY, nfd));
    expect((callA!.args[0] as { token: string }).token).not.toBe((callB!.args[0] as { token: string }).token);
  });
});

describe('properties', () => {
  it('strings pass, numbers and booleans become strings, null and undefined are dropped silently', async () => {
    const { html, logger } = await render({
      email: 'p@example.com',
      properties: {
        property_1: 'text',
        property_2: 188,
        property_3: true,
        property_4: null,
        property_5: undefined,
        property_6: 0,
        property_7: 10n,
      },
    });
    const [call] = (await runPage(html)).calls();
    expect((call!.args[0] as { properties: unknown }).properties).toEqual({
      property_1: 'text',
      property_2: '188',
      property_3: 'true',
      property_6: '0',
      property_7: '10',
    });
    expect(logger.messages).toEqual([]);
  });

  it('keys UseResponse does not know are dropped with a warning each; the rest of the identity goes out', async () => {
    const { html, logger } = await render({
      email: 'p@example.com',
      name: 'P',
      properties: {
        plan: 'pro',
        property_12: 'kept',
        property_0: 'no id 0',
        'property_1 ': 'space',
        PROPERTY_2: 'case',
      },
    });
    expect((await runPage(html)).calls()[0]!.args[0]).toEqual({
      token: computeToken(TEST_KEY, 'p@example.com'),
      userEmail: 'p@example.com',
      userName: 'P',
      properties: { property_12: 'kept' },
    });
    expect(logger.messages).toHaveLength(4);
    for (const key of ['plan', 'property_0', 'property_1 ', 'PROPERTY_2']) {
      expect(logger.messages.filter((m) => m.includes(JSON.stringify(key)))).toHaveLength(1);
    }
  });

  it('dangerous keys, objects, functions and non-finite numbers are dropped with a warning each', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const properties = JSON.parse(
      '{"__proto__": "x", "constructor": "y", "prototype": "z", "property_1": "kept"}',
    ) as Record<string, unknown>;
    Object.assign(properties, {
      property_2: { toJSON: () => '</script><script>window.__pwned=1</script>' },
      property_3: () => 'fn',
      property_4: circular,
      property_5: ['a'],
      property_6: Number.NaN,
      property_7: Symbol('s'),
    });
    const { html, logger } = await render({ email: 'p@example.com', properties });
    const page = await runPage(html);
    expect((page.window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(page.calls()[0]!.args[0]).toEqual(expect.objectContaining({ properties: { property_1: 'kept' } }));
    expect(logger.messages).toHaveLength(9);
    for (const key of [
      '__proto__',
      'constructor',
      'prototype',
      'property_2',
      'property_3',
      'property_4',
      'property_5',
      'property_6',
      'property_7',
    ]) {
      expect(logger.messages.some((m) => m.includes(`"${key}"`))).toBe(true);
    }
  });

  it('properties that are not an object are ignored with a warning', async () => {
    const { html, logger } = await render({
      email: 'p@example.com',
      properties: 'property_1=x' as unknown as Record<string, unknown>,
    });
    expect((await runPage(html)).calls()[0]!.args[0]).toEqual(expect.objectContaining({ properties: {} }));
    expect(logger.messages.join()).toMatch(/properties/);
  });
});
