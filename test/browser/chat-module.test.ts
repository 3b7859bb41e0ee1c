// express-useresponse/browser in jsdom, against a real Express app's chat.configHandler().
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import type * as BrowserModule from '../../src/browser/index';
import { useResponseChat, type UseResponseIdentity } from '../../src/index';
import { STAND_IN_SDK } from '../../src/testing';
import { createTestApp, recordingLogger, WIDGET_SRC } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { buildBrowserEntry } from '../support/browser-build';
import { shareMutantSwitch } from '../support/mutation/share-with-window';
import type { UrCall } from '../support/run-page';

type PageWindow = JSDOM['window'] & { UseResponseBrowser: typeof BrowserModule; UR?: { calls: UrCall[] } };

const MODULE = buildBrowserEntry('index', 'UseResponseBrowser');
const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
const ALICE = { email: 'alice@example.com', name: 'Alice A.' };

let server: Server;
let configUrl: string;
/** Widgets served from other paths: without UseResponse's instance id, or with its shape not at the end. */
const MIRROR_SRC = 'https://cdn.example.test/useresponse/widget.js';
const MIRROR_LIKE_SRC =
  'https://cdn.example.test/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js.gz';
/** The request headers of the last config request. */
let lastConfigRequest: Record<string, unknown> = {};
/** Who the site thinks is logged in: what a login or logout changes on the server. */
let signedIn: UseResponseIdentity | undefined;
/** Whether the site's user store is down: identify() throws. */
let identifyFails = false;

beforeAll(async () => {
  const { app, chat } = createTestApp({ chat: { widgetSrc: undefined }, user: () => signedIn });
  app.use((req, _res, next) => {
    lastConfigRequest = req.headers;
    next();
  });
  app.get('/useresponse/config', chat.configHandler());
  const withWidget = useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, identify: () => signedIn });
  app.get('/widget/config', withWidget.configHandler());
  const mirrored = useResponseChat({ securityKey: TEST_KEY, widgetSrc: MIRROR_SRC, identify: () => signedIn });
  app.get('/mirror/config', mirrored.configHandler());
  const alike = useResponseChat({ securityKey: TEST_KEY, widgetSrc: MIRROR_LIKE_SRC, identify: () => signedIn });
  app.get('/mirror-like/config', alike.configHandler());
  const flaky = useResponseChat({
    securityKey: TEST_KEY,
    identify: () => {
      if (identifyFails) throw new Error('user store down');
      return signedIn;
    },
    logger: recordingLogger(),
  });
  app.get('/flaky/config', flaky.configHandler());
  app.get('/broken', (_req, res) => res.status(500).end());
  // A config route behind the site's login: the redirect ends on an HTML page, with status 200.
  app.get('/guarded/config', (_req, res) => res.redirect('/login-page'));
  app.get('/login-page', (_req, res) => res.send('<!doctype html><title>Log in</title><form></form>'));
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  configUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/useresponse/config`;
});
/** A path of the test site as an absolute URL, as a page's fetch needs it. */
const siteUrl = (path: string) => new URL(path, configUrl).href;
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  signedIn = undefined;
  identifyFails = false;
});

/** A page of a single-page app with the module and, unless `sdk` is false, UseResponse's SDK loaded. */
function page({ sdk = true } = {}): PageWindow {
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'https://shop.example/app',
    runScripts: 'outside-only',
  });
  shareMutantSwitch(window);
  if (sdk) window.eval(STAND_IN_SDK);
  window.eval(MODULE);
  return window as PageWindow;
}

/** The module uses the page's fetch; jsdom has none, so Node's stands in for it. */
const start = (w: PageWindow) => w.UseResponseBrowser.startChat({ configUrl, fetch });
/** Resolves once `ready()` holds, checking every 5 ms. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** UseResponse's SDK arrives on a page that is waiting for it: defined, then its load event. */
function sdkLoads(w: PageWindow): void {
  w.eval(STAND_IN_SDK);
  w.dispatchEvent(new w.Event('load'));
}

const calls = (w: PageWindow) =>
  w.UR!.calls.map((call) => [call.method, ...call.args.map((arg) => (arg as { userEmail?: string }).userEmail)]);

it('startChat gives UR.userConfig the identity of chat.configHandler(), and nothing for an anonymous visitor', async () => {
  const anonymous = page();
  await expect(start(anonymous)).resolves.toEqual({ widgetSrc: null, identity: null });
  expect(calls(anonymous)).toEqual([]);

  signedIn = BRIAN;
  const w = page();
  const config = await start(w);
  expect(config.identity).toMatchObject({
    userEmail: BRIAN.email,
    userName: BRIAN.name,
    token: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(w.UR!.calls).toEqual([{ method: 'userConfig', args: [config.identity] }]);
});

it('refreshChat follows a login, a change of visitor and a logout, clearing the previous visitor first', async () => {
  const w = page();
  await start(w);
  signedIn = BRIAN;
  await w.UseResponseBrowser.refreshChat();
  expect(calls(w)).toEqual([['userConfig', BRIAN.email]]);

  await w.UseResponseBrowser.refreshChat();
  expect(calls(w)).toEqual([
    ['userConfig', BRIAN.email],
    ['userConfig', BRIAN.email],
  ]);

  signedIn = ALICE;
  await w.UseResponseBrowser.refreshChat();
  expect(calls(w).slice(2)).toEqual([['clearChatStorage'], ['userConfig', ALICE.email]]);

  // Logged out elsewhere (another tab, an expired session): the next refresh clears, once.
  signedIn = undefined;
  await w.UseResponseBrowser.refreshChat();
  await w.UseResponseBrowser.refreshChat();
  expect(calls(w).slice(4)).toEqual([['clearChatStorage']]);
});

it('clearChat clears the chat on logout and forgets the visitor, so the next login is not a "change"', async () => {
  signedIn = BRIAN;
  const w = page();
  await start(w);
  await w.UseResponseBrowser.clearChat();
  expect(calls(w)).toEqual([['userConfig', BRIAN.email], ['clearChatStorage']]);
  expect(w.localStorage.length).toBe(0);

  signedIn = ALICE;
  await w.UseResponseBrowser.refreshChat();
  expect(calls(w).slice(2)).toEqual([['userConfig', ALICE.email]]);
});

it("the server failing to read who is logged in (a 503) rejects refreshChat and keeps the visitor's chat", async () => {
  signedIn = BRIAN;
  const w = page();
  await w.UseResponseBrowser.startChat({ configUrl: siteUrl('/flaky/config'), fetch });
  identifyFails = true;
  await expect(w.UseResponseBrowser.refreshChat()).rejects.toThrow(/answered 503/);
  identifyFails = false;
  await w.UseResponseBrowser.refreshChat();
  expect(calls(w)).toEqual([
    ['userConfig', BRIAN.email],
    ['userConfig', BRIAN.email],
  ]);
});

it('a visitor seen before a reload is recognised: a different one afterwards clears the chat first', async () => {
  signedIn = BRIAN;
  const before = page();
  await start(before);
  const after = page();
  after.localStorage.setItem('useresponse:fp', before.localStorage.getItem('useresponse:fp')!);
  signedIn = ALICE;
  await start(after);
  expect(calls(after)).toEqual([['clearChatStorage'], ['userConfig', ALICE.email]]);
});

it('asks the config handler for JSON', async () => {
  await start(page());
  expect(lastConfigRequest.accept).toBe('application/json');
});

it('loads the SDK that the config names once, with the nonce, giving it the instance id no element has', async () => {
  signedIn = BRIAN;
  const w = page({ sdk: false });
  const started = w.UseResponseBrowser.startChat({ configUrl: siteUrl('/widget/config'), fetch, nonce: 'bm9uY2U=' });
  const sdkScripts = () => [...w.document.querySelectorAll(`script[src="${WIDGET_SRC}"]`)] as HTMLScriptElement[];
  await until(() => sdkScripts().length > 0);
  const [sdk] = sdkScripts();
  expect(sdk!.parentElement).toBe(w.document.head);
  expect(sdk!.nonce).toBe('bm9uY2U=');
  expect(sdk!.id).toBe('uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709');
  sdkLoads(w);
  await expect(started).resolves.toMatchObject({ widgetSrc: WIDGET_SRC, identity: { userEmail: BRIAN.email } });
  await w.UseResponseBrowser.refreshChat();
  expect(sdkScripts()).toHaveLength(1);
  expect(calls(w)).toEqual([
    ['userConfig', BRIAN.email],
    ['userConfig', BRIAN.email],
  ]);

  // An element that already carries the instance id (UseResponse's own loader, say) keeps it alone.
  const own = page({ sdk: false });
  own.document.body.innerHTML = '<div id="uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709"></div>';
  const ownStart = own.UseResponseBrowser.startChat({ configUrl: siteUrl('/widget/config'), fetch });
  await until(() => own.document.querySelectorAll('script').length > 0);
  expect(own.document.querySelectorAll('[id^="uriid_"]')).toHaveLength(1);
  sdkLoads(own);
  await ownStart;
});

// As the server decides for the page's bootstrap: UseResponse's shape must end the URL's path.
it.each([
  ['/mirror/config', MIRROR_SRC],
  ['/mirror-like/config', MIRROR_LIKE_SRC],
])(
  'loads a widget URL of another shape (a proxy, a mirror: %s) without giving it an instance id',
  async (path, src) => {
    signedIn = BRIAN;
    const w = page({ sdk: false });
    const started = w.UseResponseBrowser.startChat({ configUrl: siteUrl(path), fetch });
    await until(() => w.document.querySelectorAll('script').length > 0);
    const [sdk] = [...w.document.querySelectorAll('script')];
    expect([sdk!.src, sdk!.id]).toEqual([src, '']);
    sdkLoads(w);
    await expect(started).resolves.toMatchObject({ widgetSrc: src });
  },
);

it('clearChat on a page that never started the chat clears the SDK that is there, and needs none', async () => {
  const bare = page({ sdk: false });
  await expect(bare.UseResponseBrowser.clearChat()).resolves.toBeUndefined();

  const w = page();
  w.localStorage.setItem('useresponse:fp', 'someone');
  await w.UseResponseBrowser.clearChat();
  expect(calls(w)).toEqual([['clearChatStorage']]);
  expect(w.localStorage.length).toBe(0);
});

it('waits for an SDK that loads after startChat', async () => {
  signedIn = BRIAN;
  const w = page({ sdk: false });
  let settled = false;
  const started = start(w).then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(settled).toBe(false);
  // The config names no widget: the page's own UseResponse code loads the SDK, not the module.
  expect(w.document.querySelectorAll('script')).toHaveLength(0);
  sdkLoads(w);
  await started;
  expect(calls(w)).toEqual([['userConfig', BRIAN.email]]);
});

it('clearChat before the SDK has loaded waits for it, then clears', async () => {
  signedIn = BRIAN;
  const w = page({ sdk: false });
  const started = start(w);
  signedIn = undefined;
  let cleared = false;
  const clearing = w.UseResponseBrowser.clearChat().then(() => (cleared = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(cleared).toBe(false);
  sdkLoads(w);
  await Promise.all([started, clearing]);
  expect(calls(w)).toEqual([['clearChatStorage']]);
});

it('an SDK that does not load (a CSP, an ad blocker): the waiting calls settle, and the next refreshChat loads it again', async () => {
  signedIn = BRIAN;
  const w = page({ sdk: false });
  const started = w.UseResponseBrowser.startChat({ configUrl: siteUrl('/widget/config'), fetch });
  const sdkScripts = () => [...w.document.querySelectorAll(`script[src="${WIDGET_SRC}"]`)];
  await until(() => sdkScripts().length > 0);
  // A logout while it loads waits for the same SDK.
  const clearing = w.UseResponseBrowser.clearChat();
  sdkScripts()[0]!.dispatchEvent(new w.Event('error'));
  await expect(started).rejects.toThrow(`the chat SDK ${WIDGET_SRC} did not load`);
  await expect(clearing).resolves.toBeUndefined();
  expect(sdkScripts()).toHaveLength(0);

  const again = w.UseResponseBrowser.refreshChat();
  await until(() => sdkScripts().length > 0);
  expect(sdkScripts()).toHaveLength(1);
  sdkLoads(w);
  await expect(again).resolves.toMatchObject({ identity: { userEmail: BRIAN.email } });
  expect(calls(w)).toEqual([['userConfig', BRIAN.email]]);
});

it('works with localStorage disabled, without noticing a change of visitor', async () => {
  signedIn = BRIAN;
  const w = page();
  Object.defineProperty(w, 'localStorage', {
    get: () => {
      throw new w.DOMException('denied', 'SecurityError');
    },
  });
  await start(w);
  expect(calls(w)).toEqual([['userConfig', BRIAN.email]]);
});

it('says what is wrong when misused or when the config cannot be fetched', async () => {
  const w = page();
  await expect(w.UseResponseBrowser.refreshChat()).rejects.toThrow(
    'call startChat({ configUrl }) before refreshChat()',
  );
  await expect(w.UseResponseBrowser.startChat({} as never)).rejects.toThrow(/startChat needs \{ configUrl \}/);
  await expect(w.UseResponseBrowser.startChat({ configUrl: '' })).rejects.toThrow(/startChat needs \{ configUrl \}/);
  await expect(w.UseResponseBrowser.startChat({ configUrl: siteUrl('/broken'), fetch })).rejects.toThrow(
    /\/broken answered 500/,
  );
  await expect(w.UseResponseBrowser.startChat({ configUrl: siteUrl('/guarded/config'), fetch })).rejects.toThrow(
    /\/guarded\/config answered text\/html, not JSON .*where every visitor reaches it/,
  );
  expect(calls(w)).toEqual([]);
});

/** Node's fetch, whose answers reach the page only when the test lets each one through, in any order. */
function heldFetch() {
  const held: Array<() => void> = [];
  const hold: typeof fetch = async (...args) => {
    const response = await fetch(...args);
    await new Promise<void>((release) => held.push(release));
    return response;
  };
  return {
    hold,
    /** Resolves once the server has answered the n-th request (from 0); the answer is held. */
    async answered(n: number): Promise<void> {
      await until(() => held[n] !== undefined);
    },
    /** Lets the n-th answer through to the page. */
    release: (n: number) => held[n]!(),
  };
}

/** Brian's page starts the chat; the server has answered, but the answer is slow to arrive. */
async function slowStart() {
  signedIn = BRIAN;
  const w = page();
  const slow = heldFetch();
  const starting = w.UseResponseBrowser.startChat({ configUrl, fetch: slow.hold });
  await slow.answered(0);
  return { w, slow, starting };
}

/** The same, and meanwhile Brian logs out. */
async function slowStartThenLogout() {
  const started = await slowStart();
  signedIn = undefined;
  await started.w.UseResponseBrowser.clearChat();
  return started;
}

it('an answer that arrives after clearChat is not applied: a slow start from before a logout', async () => {
  const { w, slow, starting } = await slowStartThenLogout();
  slow.release(0);
  await expect(starting).resolves.toMatchObject({ identity: { userEmail: BRIAN.email } });
  expect(calls(w)).toEqual([['clearChatStorage']]);
  expect(w.localStorage.length).toBe(0);
});

it('a logout and a new login while the first start is still slow: the new visitor stays', async () => {
  const { w, slow, starting } = await slowStartThenLogout();
  signedIn = ALICE;
  const refreshing = w.UseResponseBrowser.refreshChat();
  await slow.answered(1);
  slow.release(1);
  await refreshing;
  slow.release(0);
  await starting;
  expect(calls(w)).toEqual([['clearChatStorage'], ['userConfig', ALICE.email]]);
});

it('refreshChat answers that arrive out of order: the later call wins', async () => {
  const { w, slow: racing, starting: first } = await slowStart();
  signedIn = ALICE;
  const second = w.UseResponseBrowser.refreshChat();
  await racing.answered(1);
  racing.release(1);
  await expect(second).resolves.toMatchObject({ identity: { userEmail: ALICE.email } });
  racing.release(0);
  await expect(first).resolves.toMatchObject({ identity: { userEmail: BRIAN.email } });
  expect(calls(w)).toEqual([['userConfig', ALICE.email]]);
});
