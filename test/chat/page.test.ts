import request from 'supertest';
import type { RequestHandler } from 'express';
import { decodeChatPage } from '../../src/testing/index';
import { computeToken } from '../../src/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { ALL_CDN_HEADERS, cdnCachingOf, setCdnCaching } from '../support/cdn-headers';
import { attr, scriptElements, textOf } from '../support/html';
import { chatFragment, runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.', properties: { property_172: '188' } };

/** A middleware that sets the app's own Cache-Control before the page renders. */
const policyFrom =
  (policy: string): RequestHandler =>
  (_req, res, next) => (res.setHeader('Cache-Control', policy), next());

describe('an anonymous visitor', () => {
  it('gets the loader and no identity; the SDK is loaded once and userConfig is never called', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/').expect(200);
    expect(res.text).not.toContain('userEmail');
    const page = await runPage(res.text);
    expect(page.sdkRequests()).toBe(1);
    expect(page.calls()).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('res.locals.useresponse is null and the page stays cacheable', async () => {
    const { app } = createTestApp();
    expect((await request(app).get('/config')).body).toEqual({ config: null });
    const res = await request(app).get('/');
    expect(res.headers['cache-control']).toBeUndefined();
  });

  it('without widgetSrc the helper emits nothing at all', async () => {
    const { app } = createTestApp({ chat: { widgetSrc: undefined } });
    const res = await request(app).get('/').expect(200);
    expect(scriptElements(res.text)).toHaveLength(0);
  });
});

describe('an identified visitor', () => {
  it('makes exactly one UR.userConfig call with the token, email, name and properties', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { identify: (req) => req.user as typeof BRIAN } });
    const res = await request(app).get('/').expect(200);
    const page = await runPage(res.text);
    expect(page.sdkRequests()).toBe(1);
    expect(page.calls()).toEqual([
      {
        method: 'userConfig',
        args: [
          {
            token: computeToken(TEST_KEY, BRIAN.email),
            userEmail: BRIAN.email,
            userName: 'Brian C.',
            properties: { property_172: '188' },
          },
        ],
      },
    ]);
    expect(page.errors).toEqual([]);
  });

  it('exposes the same config on res.locals.useresponse, without the key', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/config').expect(200);
    expect(res.body.config).toEqual({
      token: computeToken(TEST_KEY, BRIAN.email),
      userEmail: BRIAN.email,
      userName: 'Brian C.',
      properties: {},
    });
  });

  it('reads passport-style users: displayName, then username; a name that is an object is skipped', async () => {
    const cases: [object, string | undefined][] = [
      [{ email: 'a@b.c', displayName: 'Display', username: 'user' }, 'Display'],
      [{ email: 'a@b.c', username: 'user' }, 'user'],
      [{ email: 'a@b.c', name: { givenName: 'A' }, displayName: 'Display' }, 'Display'],
      [{ email: 'a@b.c' }, undefined],
    ];
    for (const [user, name] of cases) {
      const { app } = createTestApp({ user });
      const { body } = await request(app).get('/config');
      expect(body.config.userName).toBe(name);
    }
  });

  it('trims the email and hashes exactly what it sends, without lowercasing', async () => {
    const { app } = createTestApp({ user: { email: '  Brian@Example.COM \n' } });
    const { body } = await request(app).get('/config');
    expect(body.config.userEmail).toBe('Brian@Example.COM');
    expect(body.config.token).toBe(computeToken(TEST_KEY, 'Brian@Example.COM'));
  });

  it('supports an async identify', async () => {
    const { app } = createTestApp({
      chat: { identify: (req) => Promise.resolve({ email: String(req.headers['x-email']) }) },
    });
    const { body } = await request(app).get('/config').set('x-email', 'async@example.com');
    expect(body.config.token).toBe(computeToken(TEST_KEY, 'async@example.com'));
  });

  it('marks the page private, no-store and Vary: Cookie', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.vary).toMatch(/\bCookie\b/);
  });

  it('overrides a public cache policy but keeps an app policy that is already private or no-store', async () => {
    for (const [policy, expected] of [
      ['public, max-age=600', 'private, no-store'],
      ['private, max-age=60', 'private, max-age=60'],
      ['no-store', 'no-store'],
      // Qualified, private names header fields only: a shared cache may keep the rest, the token too (RFC 9111, 5.2.2.7).
      ['private="Set-Cookie", max-age=600', 'private, no-store'],
      ['public, max-age=600, private="Set-Cookie"', 'private, no-store'],
    ]) {
      const { app } = createTestApp({
        user: BRIAN,
        before: [policyFrom(policy!)],
      });
      const res = await request(app).get('/');
      expect(res.headers['cache-control']).toBe(expected);
      expect(res.headers.vary).toMatch(/\bCookie\b/);
    }
  });

  it("drops the CDN's own caching headers from a page with an identity, whatever Cache-Control it ends with", async () => {
    for (const policy of ['public, max-age=600', 'private, max-age=60']) {
      const identified = createTestApp({ user: BRIAN, before: [policyFrom(policy), setCdnCaching] });
      const res = await request(identified.app).get('/').expect(200);
      expect(decodeChatPage(res.text)?.userConfig).not.toBeNull();
      expect(cdnCachingOf(res.headers)).toEqual([]);
    }
    // A page that carries nobody keeps them: the site's caching is its own business there.
    const anonymous = createTestApp({ before: [setCdnCaching] });
    expect(cdnCachingOf((await request(anonymous.app).get('/').expect(200)).headers)).toEqual(ALL_CDN_HEADERS);
  });

  it('sends no ETag on a page no cache may store, so nothing is answered 304 from a validator', async () => {
    // The same identified page with a policy the browser may store: Express's own weak ETag.
    const cacheable = createTestApp({ user: BRIAN, before: [policyFrom('private, max-age=60')] });
    const validator = (await request(cacheable.app).get('/').expect(200)).headers.etag as string;
    expect(validator).toMatch(/^W\/"/);
    await request(cacheable.app).get('/').set('If-None-Match', validator).expect(304);

    for (const before of [[], [policyFrom('no-store')], [policyFrom('public, max-age=600')]]) {
      const { app } = createTestApp({ user: BRIAN, before });
      const page = await request(app).get('/').expect(200);
      expect(page.headers.etag).toBeUndefined();
      expect(page.headers['cache-control']).toMatch(/no-store/);
      // Neither the validator the same bytes would have had, nor an empty weak tag, nor an odd
      // one, makes Express answer 304: the browser always gets the page.
      for (const tag of [validator, 'W/', 'W/""', ' ', '""']) {
        const again = await request(app).get('/').set('If-None-Match', tag).expect(200);
        expect(again.text).toBe(page.text);
      }
    }
    // JSON built from res.locals.useresponse goes the same way, and an ETag the route adds after
    // reading it is sent as it would be anywhere else.
    const { app } = createTestApp({
      user: BRIAN,
      before: [
        (req, res, next) => {
          if (req.path !== '/versioned') return next();
          const config = res.locals.useresponse as unknown;
          res.appendHeader('ETag', '"v2"');
          res.json({ config });
        },
      ],
    });
    expect((await request(app).get('/config').expect(200)).headers.etag).toBeUndefined();
    for (let i = 0; i < 2; i++) {
      const versioned = await request(app).get('/versioned').expect(200);
      expect(versioned.headers.etag).toBe('"v2"');
      expect(versioned.headers['cache-control']).toBe('private, no-store');
    }
    expect((await request(app).get('/').expect(200)).headers.etag).toBeUndefined();
  });

  it("keeps an ETag the app set itself, and Express's ETag on pages that stay cacheable", async () => {
    const own = createTestApp({
      user: BRIAN,
      before: [(_req, res, next) => (res.setHeader('ETag', '"v7"'), next())],
    });
    const page = await request(own.app).get('/').expect(200);
    expect(page.headers.etag).toBe('"v7"');
    expect(page.headers['cache-control']).toBe('private, no-store');
    const anonymous = createTestApp();
    const res = await request(anonymous.app).get('/').expect(200);
    expect(res.headers.etag).toMatch(/^W\/"/);
    await request(anonymous.app)
      .get('/')
      .set('If-None-Match', res.headers.etag as string)
      .expect(304);
    const identified = createTestApp({ user: BRIAN });
    expect((await request(identified.app).get('/plain').expect(200)).headers.etag).toMatch(/^W\/"/);
  });

  it('a page that never shows the chat computes nothing and stays cacheable; route code still reads the config', async () => {
    let emailReads = 0;
    const identity = {
      get email() {
        emailReads += 1;
        return BRIAN.email;
      },
    };
    const { app } = createTestApp({
      chat: { identify: () => identity },
      before: [
        (req, res, next) => {
          if (req.path === '/locals') return res.render('locals');
          if (req.path === '/assigned')
            return (((res.locals as Record<string, unknown>).useresponse = 'set by the app'), res.render('locals'));
          next();
        },
      ],
    });
    const plain = await request(app).get('/plain').expect(200);
    expect(plain.headers['cache-control']).toBeUndefined();
    expect(emailReads).toBe(0);
    // res.render copies res.locals for the template; the config is not among what it copies.
    const locals = await request(app).get('/locals').expect(200);
    expect(locals.text).toContain('not a template variable');
    expect(locals.headers['cache-control']).toBeUndefined();
    expect(emailReads).toBe(0);
    // What an app assigns itself is an ordinary template variable.
    expect((await request(app).get('/assigned')).text).toContain('&#34;set by the app&#34;');
    const config = await request(app).get('/config');
    expect(config.body.config).toMatchObject({ userEmail: BRIAN.email, token: computeToken(TEST_KEY, BRIAN.email) });
    expect(config.headers['cache-control']).toBe('private, no-store');
  });

  it('a JSON route never validates or hashes the identity', async () => {
    let emailReads = 0;
    const identity = {
      get email() {
        emailReads += 1;
        return 'lazy@example.com';
      },
    };
    const { app } = createTestApp({ chat: { identify: () => identity } });
    await request(app).get('/api').expect(200, { ok: true });
    expect(emailReads).toBe(0);
    const res = await request(app).get('/api');
    expect(res.headers['cache-control']).toBeUndefined();
    await request(app).get('/');
    expect(emailReads).toBeGreaterThan(0);
  });

  it('adds Cookie to a Vary header the app already set', async () => {
    const { app } = createTestApp({
      user: BRIAN,
      before: [(_req, res, next) => (res.setHeader('Vary', 'Accept-Encoding'), next())],
    });
    const res = await request(app).get('/');
    expect(res.headers.vary).toBe('Accept-Encoding, Cookie');
  });

  it('a JSON response built from res.locals.useresponse is private too', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/config');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers.vary).toMatch(/\bCookie\b/);
  });

  it('a page that does not call the helper carries no identity', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const res = await request(app).get('/plain').expect(200);
    expect(res.text).not.toContain(computeToken(TEST_KEY, BRIAN.email));
  });

  it('calling the helper twice emits the chat once and warns', async () => {
    const { app, logger } = createTestApp({ user: BRIAN });
    app.get('/twice', (_req, res) => res.send(res.locals.useresponseChat() + res.locals.useresponseChat()));
    const res = await request(app).get('/twice');
    const page = await runPage(res.text);
    expect(page.calls()).toHaveLength(1);
    expect(logger.messages.join('\n')).toMatch(/more than once/);
  });
});

describe('what the helper emits', () => {
  // htmx's history cache lives in localStorage, and Back runs a cached page's scripts again; Turbo's
  // copy of a page runs its scripts again as a preview and on Back.
  it("a page that names the visitor or clears the chat stays out of htmx's history cache and Turbo's copies; an anonymous one does not", async () => {
    const dataBlock = (html: string) => scriptElements(html).find((s) => attr(s, 'type') === 'application/json')!;
    for (const options of [{}, { nonce: 'bm9uY2U=' }, { clientScript: '/useresponse' }]) {
      const { nonce, ...chat } = options as { nonce?: string; clientScript?: string };
      const identified = await request(createTestApp({ user: BRIAN, nonce, chat }).app).get('/');
      expect(attr(dataBlock(identified.text), 'hx-history')).toBe('false');
      expect(attr(dataBlock(identified.text), 'data-turbo-temporary')).toBe('');
      expect(attr(dataBlock(identified.text), 'nonce')).toBe(nonce);
      expect(decodeChatPage(identified.text)?.userConfig?.userEmail).toBe(BRIAN.email);

      const anonymous = createTestApp({ nonce, chat }).app;
      const page = (await request(anonymous).get('/')).text;
      expect(page).not.toContain('hx-history');
      expect(page).not.toContain('data-turbo-temporary');
      const clearing = (await request(anonymous).get('/').set('Cookie', 'useresponse_clear=1')).text;
      expect(attr(dataBlock(clearing), 'hx-history')).toBe('false');
      expect(attr(dataBlock(clearing), 'data-turbo-temporary')).toBe('');
      expect(decodeChatPage(clearing)?.clear).toBe(true);
    }
  });

  it("the bootstrap reads only the chat's data block: in Turbo's copy of the page, without it, it does nothing", async () => {
    const res = await request(createTestApp({ user: BRIAN }).app).get('/');
    const [dataBlock, bootstrap] = scriptElements(res.text);
    // The app's own JSON just before the chat, which Turbo's copy then has in the block's place.
    const appData = `<script type="application/json">${textOf(dataBlock!).replace('"id":', '"clear":1,"id":')}</script>`;
    const copy = `${appData}<script>${textOf(bootstrap!)}</script>`;
    const page = await runPage(copy, { sdkAlreadyLoaded: true });
    expect(page.calls()).toEqual([]);
    expect(page.errors).toEqual([]);
  });

  it('a JSON data block and one constant bootstrap script, both with the nonce', async () => {
    const nonce = 'rAnd0m+/Nonce_-==';
    const { app } = createTestApp({ user: BRIAN, nonce });
    const res = await request(app).get('/');
    const scripts = scriptElements(res.text);
    expect(scripts).toHaveLength(2);
    expect(attr(scripts[0]!, 'type')).toBe('application/json');
    expect(attr(scripts[1]!, 'type')).toBeUndefined();
    for (const script of scripts) expect(attr(script, 'nonce')).toBe(nonce);

    const other = await request(createTestApp({ user: { email: 'other@example.com', name: 'Other' } }).app).get('/');
    expect(textOf(scriptElements(other.text)[1]!)).toBe(textOf(scripts[1]!));
  });

  it('the SDK script the loader creates carries the nonce, and the instance id exists before it runs', async () => {
    const { app } = createTestApp({ nonce: 'abc123' });
    const res = await request(app).get('/');
    const page = await runPage(res.text);
    const sdk = page.window.document.querySelector(`script[src="${WIDGET_SRC}"]`) as unknown as HTMLScriptElement;
    expect(sdk).not.toBeNull();
    expect(sdk.async).toBe(true);
    expect(sdk.parentElement?.tagName).toBe('HEAD');
    expect(sdk.getAttribute('nonce') ?? (sdk as { nonce?: string }).nonce).toBe('abc123');
    expect(page.window.document.getElementById('uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709')).not.toBeNull();
  });

  it.each([
    ['the instance id', WIDGET_SRC, 'uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['useresponse:chat for an SDK URL without one', 'https://cdn.example.test/chat.js', 'useresponse:chat'],
  ])('the bootstrap takes %s each time it runs, so a morph never keeps it', async (_name, widgetSrc, id) => {
    const res = await request(createTestApp({ user: BRIAN, chat: { widgetSrc } }).app).get('/');
    const [dataBlock, bootstrap] = scriptElements(res.text);
    const page = await runPage(res.text, { sdkAlreadyLoaded: true });
    const doc = page.window.document;
    expect(doc.getElementById(id)?.textContent).toBe(textOf(bootstrap!));
    // A morph inserts the new page's script before it removes the old one, which still has the id.
    const block = doc.createElement('script');
    block.type = 'application/json';
    block.setAttribute('data-useresponse', '');
    block.textContent = textOf(dataBlock!);
    const again = doc.createElement('script');
    again.textContent = textOf(bootstrap!);
    doc.body.append(block, again);
    expect(again.id).toBe(id);
    expect(page.calls().map((call) => call.method)).toEqual(['userConfig', 'userConfig']);
  });

  it('a protocol-relative widgetSrc is loaded over https', async () => {
    const { app } = createTestApp({ chat: { widgetSrc: WIDGET_SRC.replace('https:', '') } });
    const res = await request(app).get('/');
    expect(res.text).toContain(JSON.stringify(WIDGET_SRC).slice(1, -1));
  });

  it.each([
    ['an attribute breakout', 'a" onerror="x'],
    ['a CSP directive', 'a;script-src *'],
    ['an empty string', ''],
    ['a non-string', 42],
  ])('a nonce that is %s is never emitted, and a warning says why', async (_name, nonce) => {
    const { app, logger } = createTestApp({ chat: { nonce: () => nonce as string } });
    const res = await request(app).get('/').expect(200);
    const scripts = scriptElements(res.text);
    expect(scripts).toHaveLength(2);
    for (const script of scripts) expect(attr(script, 'nonce')).toBeUndefined();
    expect(logger.messages.join('\n')).toMatch(/nonce/);
  });

  it('a nonce function that throws leaves the scripts without a nonce and warns', async () => {
    const { app, logger } = createTestApp({
      chat: {
        nonce: () => {
          throw new Error('boom');
        },
      },
    });
    const res = await request(app).get('/').expect(200);
    for (const script of scriptElements(res.text)) expect(attr(script, 'nonce')).toBeUndefined();
    expect(logger.messages.join('\n')).toMatch(/nonce option threw/);
  });

  it('a nonce function that throws something that cannot be printed still leaves a warning and a page', async () => {
    const { app, logger } = createTestApp({
      chat: {
        nonce: () => {
          throw Object.create(null);
        },
      },
    });
    const res = await request(app).get('/').expect(200);
    expect((await runPage(res.text)).sdkRequests()).toBe(1);
    expect(logger.messages.join('\n')).toMatch(/nonce option threw an unprintable value/);
  });

  // The markup of a returning visitor's page is kept for pages without a nonce: one with a nonce
  // must never get another request's.
  it("a returning visitor's pages each carry their own request's nonce, and the plain page stays plain", async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { nonce: (req) => req.headers['x-n'] as string | undefined } });
    const nonces = (html: string) => scriptElements(html).map((script) => attr(script, 'nonce'));
    const plain = (await request(app).get('/').expect(200)).text;
    for (const nonce of ['Rm9yT25l', 'Rm9yVHdv', 'Rm9yT25l']) {
      expect(nonces((await request(app).get('/').set('x-n', nonce).expect(200)).text)).toEqual([nonce, nonce]);
    }
    expect((await request(app).get('/').expect(200)).text).toBe(plain);
    expect(nonces(plain)).toEqual([undefined, undefined]);
  });

  it('a custom nonce function is used', async () => {
    const { app } = createTestApp({ chat: { nonce: (req) => String(req.headers['x-n']) } });
    const res = await request(app).get('/').set('x-n', 'FromHeader123');
    for (const script of scriptElements(res.text)) expect(attr(script, 'nonce')).toBe('FromHeader123');
  });

  it.each([
    ['req.user null', null],
    ['req.user a string', 'brian@example.com'],
  ])('%s is an anonymous visitor, with no warning', async (_name, user) => {
    const { app, logger } = createTestApp({ user: () => user });
    const res = await request(app).get('/').expect(200);
    expect(decodeChatPage(res.text)).toEqual({ userConfig: null, clear: false, widgetSrc: WIDGET_SRC });
    expect(logger.messages).toEqual([]);
  });

  it('a req.user whose only name is not a string: the chat goes without a name, and the log says so', async () => {
    const { app, logger } = createTestApp({ user: { email: BRIAN.email, username: 42 } });
    const decoded = decodeChatPage((await request(app).get('/').expect(200)).text);
    expect(decoded?.userConfig).toEqual(expect.objectContaining({ userEmail: BRIAN.email }));
    expect(decoded?.userConfig).not.toHaveProperty('userName');
    expect(logger.messages).toEqual([expect.stringContaining('name is a number, not a string')]);
  });

  it("a widget URL without UseResponse's instance id in its path names none", async () => {
    const { app } = createTestApp({ chat: { widgetSrc: 'https://help.example.test/sdk/chat.js' } });
    const [data] = scriptElements((await request(app).get('/').expect(200)).text);
    expect(JSON.parse(textOf(data!))).toEqual({ src: 'https://help.example.test/sdk/chat.js' });
  });

  it("an identified visitor on a site that pastes UseResponse's own widget code: the identity alone", async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { widgetSrc: undefined } });
    const res = await request(app).get('/').expect(200);
    expect(decodeChatPage(res.text)).toEqual({
      userConfig: expect.objectContaining({ userEmail: BRIAN.email }),
      clear: false,
      widgetSrc: null,
    });
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it.each([
    ['no nonce at all', undefined],
    ['a nonce function that gives null', () => null],
  ])('%s: scripts without a nonce, and no warning (a site without a nonce-based CSP)', async (_name, nonce) => {
    const { app, logger } = createTestApp({ user: BRIAN, chat: nonce === undefined ? {} : { nonce } });
    const res = await request(app).get('/').expect(200);
    for (const script of scriptElements(res.text)) expect(attr(script, 'nonce')).toBeUndefined();
    expect(logger.messages).toEqual([]);
  });
});

describe('in the browser', () => {
  async function identifiedPage() {
    const { app } = createTestApp({ user: BRIAN });
    return (await request(app).get('/')).text;
  }

  it('calls userConfig at once when UR already exists (a page that carries the SDK)', async () => {
    const page = await runPage(await identifiedPage(), { sdkAlreadyLoaded: true });
    expect(page.sdkRequests()).toBe(0);
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig']);
  });

  it('works when run again after the load event (a Turbo visit) without loading the SDK twice', async () => {
    const html = await identifiedPage();
    const page = await runPage(html);
    await page.navigate(chatFragment(html));
    expect(page.sdkRequests()).toBe(1);
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig', 'userConfig']);
  });

  it('never assigns window.onload', async () => {
    const html = await identifiedPage();
    const page = await runPage(
      html.replace('<body>', '<body><script>window.onload = function () { window.__mine = 1 }</script>'),
    );
    expect(page.window.onload).not.toBeNull();
    expect((page.window as unknown as { __mine?: number }).__mine).toBe(1);
    expect(page.calls()).toHaveLength(1);
  });

  it('keeps only a fingerprint in localStorage: neither the token nor the email', async () => {
    const page = await runPage(await identifiedPage());
    const stored = JSON.stringify(page.storage());
    expect(Object.keys(page.storage())).toEqual(['useresponse:fp']);
    expect(stored).not.toContain(computeToken(TEST_KEY, BRIAN.email));
    expect(stored).not.toContain(BRIAN.email);
  });

  it('an identity switch clears the chat before userConfig; the same user again does not', async () => {
    const brian = await runPage(await identifiedPage());
    const { app } = createTestApp({ user: { email: 'alice@example.com' } });
    const alice = await runPage((await request(app).get('/')).text, { storage: brian.storage() });
    expect(alice.calls().map((c) => c.method)).toEqual(['clearChatStorage', 'userConfig']);
    const brianAgain = await runPage(await identifiedPage(), { storage: brian.storage() });
    expect(brianAgain.calls().map((c) => c.method)).toEqual(['userConfig']);
  });

  it('clearOnPageClose clears the chat on pagehide', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { clearOnPageClose: true } });
    const page = await runPage((await request(app).get('/')).text);
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig']);
    page.window.dispatchEvent(new page.window.Event('pagehide'));
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig', 'clearChatStorage']);
    expect(page.storage()).toEqual({});
  });

  it('clearOnPageClose clears the chat once on pagehide, however many Turbo visits ran the bootstrap', async () => {
    const { app } = createTestApp({ user: BRIAN, chat: { clearOnPageClose: true } });
    const html = (await request(app).get('/')).text;
    const page = await runPage(html);
    await page.navigate(chatFragment(html));
    await page.navigate(chatFragment(html));
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig', 'userConfig', 'userConfig']);
    page.window.dispatchEvent(new page.window.Event('pagehide'));
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig', 'userConfig', 'userConfig', 'clearChatStorage']);
  });

  it('without clearOnPageClose, pagehide does nothing', async () => {
    const page = await runPage(await identifiedPage());
    page.window.dispatchEvent(new page.window.Event('pagehide'));
    expect(page.calls().map((c) => c.method)).toEqual(['userConfig']);
  });
});
