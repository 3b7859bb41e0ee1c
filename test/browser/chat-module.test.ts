// express-useresponse/browser in jsdom, against a real Express app's chat.configHandler().
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import type * as BrowserModule from '../../src/browser/index';
import { STAND_IN_SDK } from '../../src/testing';
import { createTestApp } from '../support/app';
import { buildBrowserEntry } from '../support/browser-build';
import { shareMutantSwitch } from '../support/mutation/share-with-window';
import type { UrCall } from '../support/run-page';

type PageWindow = JSDOM['window'] & { UseResponseBrowser: typeof BrowserModule; UR?: { calls: UrCall[] } };

const MODULE = buildBrowserEntry('index', 'UseResponseBrowser');
const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
const ALICE = { email: 'alice@example.com', name: 'Alice A.' };

let server: Server;
let configUrl: string;
/** Who the site thinks is logged in: what a login or logout changes on the server. */
let signedIn: object | undefined;

beforeAll(async () => {
  const { app, chat } = createTestApp({ chat: { widgetSrc: undefined }, user: () => signedIn });
  app.get('/useresponse/config', chat.configHandler());
  app.get('/broken', (_req, res) => res.status(500).end());
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  configUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/useresponse/config`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  signedIn = undefined;
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

it('waits for an SDK that loads after startChat', async () => {
  signedIn = BRIAN;
  const w = page({ sdk: false });
  let settled = false;
  const started = start(w).then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(settled).toBe(false);
  w.eval(STAND_IN_SDK);
  w.dispatchEvent(new w.Event('load'));
  await started;
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
  await expect(
    w.UseResponseBrowser.startChat({ configUrl: configUrl.replace('/useresponse/config', '/broken'), fetch }),
  ).rejects.toThrow(/\/broken answered 500/);
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
      while (held[n] === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    /** Lets the n-th answer through to the page. */
    release: (n: number) => held[n]!(),
  };
}

it('an answer that arrives after clearChat is not applied: a slow start from before a logout', async () => {
  signedIn = BRIAN;
  const w = page();
  const slow = heldFetch();
  const starting = w.UseResponseBrowser.startChat({ configUrl, fetch: slow.hold });
  await slow.answered(0);
  signedIn = undefined;
  await w.UseResponseBrowser.clearChat();
  slow.release(0);
  await expect(starting).resolves.toMatchObject({ identity: { userEmail: BRIAN.email } });
  expect(calls(w)).toEqual([['clearChatStorage']]);
  expect(w.localStorage.length).toBe(0);
});

it('refreshChat answers that arrive out of order: the later call wins', async () => {
  signedIn = BRIAN;
  const w = page();
  const racing = heldFetch();
  const first = w.UseResponseBrowser.startChat({ configUrl, fetch: racing.hold });
  await racing.answered(0);
  signedIn = ALICE;
  const second = w.UseResponseBrowser.refreshChat();
  await racing.answered(1);
  racing.release(1);
  await expect(second).resolves.toMatchObject({ identity: { userEmail: ALICE.email } });
  racing.release(0);
  await expect(first).resolves.toMatchObject({ identity: { userEmail: BRIAN.email } });
  expect(calls(w)).toEqual([['userConfig', ALICE.email]]);
});
