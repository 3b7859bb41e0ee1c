// What app.use(chat) does to res.locals: the app's values stay, before and after, in routes and templates.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { inspect } from 'node:util';
import type { Response } from 'express';
import request from 'supertest';
import { computeToken, useResponseChat } from '../../src/index';
import { express } from '../support/express';
import { TEST_KEY } from '../support/secrets';

const MARK = Symbol('app mark');

function app(makeLocals?: (res: Response) => void) {
  const chat = useResponseChat({ securityKey: TEST_KEY, logger: { warn: () => undefined } });
  const site = express();
  site.set('views', path.join(__dirname, '..', 'views'));
  site.set('view engine', 'ejs');
  site.use((req, res, next) => {
    makeLocals?.(res);
    res.locals.before = 'set before the chat';
    (res.locals as unknown as Record<symbol, unknown>)[MARK] = 'symbol key';
    (req as { user?: object }).user = { email: 'brian@example.com', name: 'Brian' };
    next();
  });
  site.use(chat);
  site.use((_req, res, next) => {
    res.locals.after = 'set after the chat';
    next();
  });
  site.get('/page', (_req, res) => res.render('kept'));
  site.get('/route', (_req, res) =>
    res.json({
      keys: Object.keys(res.locals).sort(),
      symbol: (res.locals as unknown as Record<symbol, unknown>)[MARK],
      email: res.locals.useresponse?.userEmail,
    }),
  );
  return site;
}

it('keeps what middleware set before and after it, string and symbol keys, for templates and routes', async () => {
  const page = await request(app()).get('/page').expect(200);
  expect(page.text).toContain('set before the chat|set after the chat|function');
  const route = await request(app()).get('/route').expect(200);
  expect(route.body).toEqual({
    keys: ['after', 'before', 'useresponseChat'],
    symbol: 'symbol key',
    email: 'brian@example.com',
  });
});

it("an app's own res.locals object keeps its identity and prototype", async () => {
  const own: Record<string, unknown>[] = [];
  const site = app((res) => {
    const locals = { brand: 'Acme' };
    own.push(locals);
    res.locals = locals as unknown as typeof res.locals;
  });
  site.get('/own', (_req, res) =>
    res.json({
      same: res.locals === own.at(-1),
      hasOwn: typeof res.locals.hasOwnProperty,
      email: res.locals.useresponse?.userEmail,
    }),
  );
  expect((await request(site).get('/own').expect(200)).body).toEqual({
    same: true,
    hasOwn: 'function',
    email: 'brian@example.com',
  });
});

it('an app may replace or remove the helper: the config then reads as null, and assigning it works as usual', async () => {
  const site = app();
  site.get('/replaced', (_req, res) => {
    const replaced = (((res.locals as Record<string, unknown>).useresponseChat = () => ''), res.locals.useresponse);
    delete (res.locals as Record<string, unknown>).useresponseChat;
    const removed = res.locals.useresponse;
    (res.locals as Record<string, unknown>).useresponse = 'first';
    (res.locals as Record<string, unknown>).useresponse = 'second';
    res.json({ replaced, removed, assigned: res.locals.useresponse });
  });
  expect((await request(site).get('/replaced').expect(200)).body).toEqual({
    replaced: null,
    removed: null,
    assigned: 'second',
  });
});

it('copies the keys by value, as the README says: a getter set before is read once, a hidden key is not kept', async () => {
  let reads = 0;
  const define = (res: Response) => {
    Object.defineProperty(res.locals, 'counted', { enumerable: true, configurable: true, get: () => ++reads });
    Object.defineProperty(res.locals, 'hidden', { enumerable: false, value: 'not enumerable' });
  };
  const site = express();
  site.use((req, res, next) => (req.path === '/before' && define(res), next()));
  site.use(useResponseChat({ securityKey: TEST_KEY, logger: { warn: () => undefined } }));
  site.get('/before', (_req, res) =>
    res.json({ counted: [res.locals.counted, res.locals.counted], hidden: res.locals.hidden }),
  );
  // Defined after app.use(chat), they stay what they are.
  site.get('/after', (_req, res) => {
    define(res);
    res.json({ counted: [res.locals.counted, res.locals.counted], hidden: res.locals.hidden });
  });
  expect((await request(site).get('/before').expect(200)).body).toEqual({ counted: [1, 1] });
  reads = 0;
  expect((await request(site).get('/after').expect(200)).body).toEqual({ counted: [1, 2], hidden: 'not enumerable' });
});

it("a res.locals the chat cannot extend fails the request through the app's error handler, with identify sync or async", async () => {
  for (const identify of [() => null, () => Promise.resolve(null)]) {
    const chat = useResponseChat({ securityKey: TEST_KEY, identify, logger: { warn: () => undefined } });
    const site = express();
    site.use((_req, res, next) => {
      res.locals = Object.freeze({ brand: 'Acme' }) as unknown as Response['locals'];
      next();
    });
    site.use(chat);
    site.get('/', (_req, res) => res.send('never reached'));
    site.use((error: Error, _req: unknown, res: Response, _next: unknown) => {
      res.status(500).send(`handled: ${error.message}`);
    });
    const res = await request(site).get('/').timeout(2000).expect(500);
    expect(res.text).toMatch(/^handled: .*not extensible/);
  }
});

// A debugging line such as console.dir(res.locals, { depth: null }) must not log the key, the help
// center's signing material or the tokens the package keeps for other visitors.
it('res.locals dumped with util.inspect, at any depth, shows no key and no other visitor', async () => {
  const chat = useResponseChat({
    securityKey: TEST_KEY,
    logger: { warn: () => undefined },
    helpCenter: { url: 'https://support.example.test', integrationDomain: 'example.test' },
    identify: (req) => ({ email: req.query.email as string }),
  });
  const site = express();
  site.use(chat);
  const sendDump = (res: Response) => res.send(inspect(res.locals, { depth: null, showHidden: true }));
  site.get('/', (_req, res) => {
    res.locals.useresponseChat();
    sendDump(res);
  });
  // A logout route whose page never calls the helper, as when it redirects: its cookie carries the clear.
  site.post('/logout', chat.logout(), (_req, res) => sendDump(res));
  await request(site).get('/?email=alice@example.com').expect(200);
  const dump = (await request(site).get('/?email=brian@example.com').expect(200)).text;
  // What a developer sees of the helper's state: whether this response logs out, and whether the helper ran.
  expect(dump).toContain('ChatRequestState { loggingOut: false, rendered: true }');
  expect(dump).not.toContain(computeToken(TEST_KEY, 'alice@example.com'));
  expect(dump).not.toContain('alice@example.com');
  expect(dump).not.toContain(createHash('sha1').update(TEST_KEY).digest('hex'));
  // In a logout route: that it logs out, not the value of the cookie that carries the clear.
  const logout = await request(site).post('/logout?email=brian@example.com').expect(200);
  const cookie = /useresponse_clear=([^;]+)/.exec(String(logout.headers['set-cookie']))?.[1];
  expect(logout.text).toContain('ChatRequestState { loggingOut: true, rendered: false }');
  expect(cookie).toBeDefined();
  expect(logout.text).not.toContain(cookie);
});
