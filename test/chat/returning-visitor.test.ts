// A returning visitor's checked identity is reused: each page must still carry exactly what that
// request's identify() gave, warn as often as it did before, and never mix two visitors up.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Request, RequestHandler } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { computeToken, type UseResponseIdentity } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { LOGOUT_COOKIE } from '../../src/chat/cookies';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { attr, scriptElements } from '../support/html';
import { TEST_KEY } from '../support/secrets';

/** identify() that passes req.user on as it is, properties included. */
const passUser = (req: Request) => (req as { user?: UseResponseIdentity }).user;

const NUM_RUNS = process.env.CI === 'true' ? 300 : 100;

/** The field values the tests give: strings, a number and a boolean, or none. */
type Field = string | number | boolean | null | undefined;

/** What the page must say for `user`, written from the documented rules rather than the package. */
function expectedConfig(user: { email: string; name?: string; properties?: Record<string, Field> }) {
  const properties: Record<string, string> = {};
  for (const [key, value] of Object.entries(user.properties ?? {})) {
    if (/^property_[1-9][0-9]{0,15}$/.test(key) && value !== undefined && value !== null)
      properties[key] = String(value);
  }
  const userEmail = user.email.trim();
  return {
    token: computeToken(TEST_KEY, userEmail),
    userEmail,
    ...(user.name === undefined ? {} : { userName: user.name }),
    properties,
  };
}

describe('a returning visitor', () => {
  let current: unknown;
  const { app, logger } = createTestApp({ user: () => current, chat: { identify: passUser } });
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  const page = async () => decodeChatPage(await (await fetch(`${base}/`)).text())?.userConfig ?? null;

  it('gets, on every page, exactly what identify() gave for that request (few emails, changing names and fields)', async () => {
    const visitor = fc.record(
      {
        email: fc.constantFrom('ann@example.com', ' ann@example.com', 'bob@example.com', 'cy@example.com'),
        name: fc.constantFrom('Ann', 'Bob', 'Bob ', 'Zoë </script>'),
        properties: fc.dictionary(
          fc.constantFrom('property_1', 'property_2', 'property_10', 'plan'),
          fc.constantFrom<Field>('a', 'b', 1, '1', true, null, undefined, '</script>'),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: ['email'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(visitor, { minLength: 1, maxLength: 8 }), async (visitors) => {
        for (const user of visitors) {
          // A new object each time, as a session store's deserializer gives.
          current = structuredClone(user);
          const warningsBefore = logger.messages.length;
          expect(await page()).toEqual(expectedConfig(user));
          // The key UseResponse does not know is dropped with a warning on each page, not only the first.
          const dropped = user.properties !== undefined && 'plan' in user.properties;
          expect(logger.messages.length - warningsBefore).toBe(dropped ? 1 : 0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('whose identity draws a warning is warned about on every page, not only the first', async () => {
    const user = { email: 'dan@example.com', properties: { plan: 'pro', property_1: 'x' } };
    const before = logger.messages.length;
    for (let i = 1; i <= 3; i++) {
      current = structuredClone(user);
      expect(await page()).toEqual(expectedConfig(user));
      expect(logger.messages.slice(before)).toEqual(Array(i).fill(expect.stringContaining('"plan" was dropped')));
    }
  });

  it('whose email reads differently on each read leaves no identity behind for another visitor', async () => {
    const ann = { email: 'ann@example.com', name: 'Shifty' };
    const bob = { email: 'bob@example.com', name: 'Shifty' };
    for (let i = 0; i < 3; i++) {
      let reads = 0;
      current = {
        get email() {
          return ++reads % 2 === 1 ? ann.email : bob.email;
        },
        name: 'Shifty',
      };
      const shifting = await page();
      expect(shifting!.token).toBe(computeToken(TEST_KEY, shifting!.userEmail));
      current = { ...ann };
      expect(await page()).toEqual(expectedConfig(ann));
      current = { ...bob };
      expect(await page()).toEqual(expectedConfig(bob));
    }
  });

  it('with an inherited enumerable field sends only their own fields, on the first page and after', async () => {
    current = {
      email: 'ann@example.com',
      properties: Object.assign(Object.create({ property_2: 'inherited' }) as object, { property_1: 'own' }),
    };
    for (let i = 0; i < 3; i++) expect((await page())?.properties).toEqual({ property_1: 'own' });
  });
});

describe('the config on res.locals.useresponse', () => {
  it('is frozen: route code cannot change what another request of the same visitor gets', async () => {
    const user = { email: 'ann@example.com', name: 'Ann', properties: { property_1: 'a' } };
    const { app } = createTestApp({
      user: () => ({ ...user, properties: { ...user.properties } }),
      chat: { identify: passUser },
    });
    app.get('/mutate', (_req, res) => {
      const config = res.locals.useresponse!;
      const attempts = [
        () => ((config as { userEmail: string }).userEmail = 'eve@example.com'),
        () => ((config.properties as Record<string, string>).property_1 = 'changed'),
        () => ((config.properties as Record<string, string>).property_9 = 'added'),
      ].map((attempt) => {
        try {
          attempt();
          return 'changed';
        } catch (error) {
          return (error as Error).name;
        }
      });
      res.json({ attempts, frozen: Object.isFrozen(config) && Object.isFrozen(config.properties) });
    });
    // The first request builds the config; the second gets the one the first saw.
    for (let i = 0; i < 2; i++) {
      const res = await request(app).get('/mutate').expect(200);
      expect(res.body).toEqual({ attempts: ['TypeError', 'TypeError', 'TypeError'], frozen: true });
    }
    expect(decodeChatPage((await request(app).get('/').expect(200)).text)?.userConfig).toEqual(expectedConfig(user));
  });
});

describe("a returning visitor's config, checked once", () => {
  let user: unknown;
  const { app, logger } = createTestApp({ user: () => structuredClone(user), chat: { identify: passUser } });
  const seen: unknown[] = [];
  app.get('/keep', (_req, res) => {
    seen.push(res.locals.useresponse);
    res.end();
  });
  /** res.locals.useresponse of a request for `visitor`, a fresh copy of it as a session store gives. */
  const configFor = async (visitor: unknown) => {
    user = visitor;
    await request(app).get('/keep').expect(200);
    return seen.at(-1);
  };
  const ann = { email: 'ann@example.com', name: 'Ann', properties: { property_1: 'a', property_2: 2 } };
  beforeEach(() => (logger.messages.length = 0));

  // Documented: the config is frozen because a returning visitor's requests share it.
  it('is one object for all their requests while identify() gives the same email, name and properties', async () => {
    const first = await configFor(ann);
    expect(first).toEqual(expectedConfig(ann));
    expect(await configFor(ann)).toBe(first);
    expect(await configFor(ann)).toBe(first);
  });

  it('is checked again, and right, for any change of name or properties', async () => {
    for (const changed of [
      { ...ann, name: 'Anne' },
      { email: ann.email, properties: ann.properties },
      { ...ann, properties: { property_1: 'a' } },
      { ...ann, properties: { ...ann.properties, property_3: 'c' } },
      { ...ann, properties: { property_1: 'b', property_2: 2 } },
      { ...ann, properties: { property_1: 'a', property_2: '2' } },
      { ...ann, properties: { property_1: 'a', property_3: 2 } },
    ]) {
      const before = await configFor(ann);
      const config = await configFor(changed);
      expect(config).not.toBe(before);
      expect(config).toEqual(expectedConfig(changed));
      expect(await configFor(changed)).toBe(config);
    }
    expect(logger.messages).toEqual([]);
  });

  it('no properties, null and an empty object are the same config, with no warning', async () => {
    const bare = { email: 'bo@example.com', name: 'Bo' };
    const first = await configFor(bare);
    expect(first).toEqual(expectedConfig(bare));
    expect(await configFor({ ...bare, properties: null })).toBe(first);
    expect(await configFor({ ...bare, properties: {} })).toBe(first);
    expect(await configFor(bare)).toBe(first);
    // A visitor seen first with null properties gets the identity too.
    const withNull = { email: 'cy@example.com', name: 'Cy', properties: null };
    expect(await configFor(withNull)).toEqual(expectedConfig({ email: 'cy@example.com', name: 'Cy' }));
    expect(logger.messages).toEqual([]);
  });
  it.each([5, 'text', ['a']])(
    'properties %j are warned about on every request, after a visit without any',
    async (bad) => {
      const dee = { email: 'dee@example.com', name: 'Dee' };
      const first = await configFor(dee);
      for (let i = 1; i <= 2; i++) {
        expect(await configFor({ ...dee, properties: bad })).toEqual(first);
        expect(logger.messages).toHaveLength(i);
      }
    },
  );
});

describe("a returning visitor's markup, written once for the pages that carry neither a nonce nor a clear", () => {
  it('is not reused for a page with a nonce, a logout page, or a page of another app', async () => {
    const user = { email: 'ann@example.com', name: 'Ann' };
    const nonceFromHeader: RequestHandler = (req, res, next) => {
      const nonce = req.get('x-nonce');
      if (nonce !== undefined) res.locals.cspNonce = nonce;
      next();
    };
    const { app } = createTestApp({ user: () => ({ ...user }), before: [nonceFromHeader] });
    const external = createTestApp({ user: () => ({ ...user }), chat: { clientScript: '/useresponse' } }).app;
    const nonces = (html: string) => scriptElements(html).map((element) => attr(element, 'nonce'));
    const get = async (target: typeof app, headers: Record<string, string> = {}) => {
      const res = await request(target).get('/').set(headers).expect(200);
      return { html: res.text, decoded: decodeChatPage(res.text) };
    };

    const plain = await get(app);
    expect(plain.decoded).toEqual({ userConfig: expectedConfig(user), clear: false, widgetSrc: WIDGET_SRC });
    expect(nonces(plain.html)).toEqual([undefined, undefined]);
    const withNonce = await get(app, { 'x-nonce': 'bm9uY2UxMjM=' });
    expect(withNonce.decoded).toEqual(plain.decoded);
    expect(nonces(withNonce.html)).toEqual(['bm9uY2UxMjM=', 'bm9uY2UxMjM=']);
    const clearing = await get(app, { cookie: `${LOGOUT_COOKIE}=1` });
    expect(clearing.decoded).toEqual({ ...plain.decoded, clear: true });
    expect(await get(app)).toEqual(plain);
    // The same visitor in another app (here with the external script) gets that app's markup.
    const other = await get(external);
    expect(other.decoded).toEqual({ userConfig: expectedConfig(user), clear: false, widgetSrc: null });
    expect(other.html).not.toEqual(plain.html);
  });
});
