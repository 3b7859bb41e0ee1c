// The browser code's shared parts in jsdom, built by esbuild as the package builds them: loading the
// SDK once, waiting for it, and noticing a change of visitor.
import fc from 'fast-check';
import { JSDOM, VirtualConsole } from 'jsdom';
import type * as Sdk from '../../src/browser/sdk';
import type * as Visitor from '../../src/browser/visitor';
import { buildBrowserEntry } from '../support/browser-build';
import { shareMutantSwitch } from '../support/mutation/share-with-window';
import type { UrCall } from '../support/run-page';

type PartsWindow = JSDOM['window'] & {
  Sdk: typeof Sdk;
  Visitor: typeof Visitor;
  UR?: { calls: UrCall[]; userConfig?: unknown; clearChatStorage?: unknown };
};

const SDK = buildBrowserEntry('sdk', 'Sdk');
const VISITOR = buildBrowserEntry('visitor', 'Visitor');
const SRC = 'https://help.example.test/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js';

/** `virtualConsole`: where the page's uncaught errors go (Node's console by default). */
function page(virtualConsole?: VirtualConsole): PartsWindow {
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'https://shop.example/',
    runScripts: 'outside-only',
    ...(virtualConsole === undefined ? {} : { virtualConsole }),
  });
  shareMutantSwitch(window);
  window.eval(SDK);
  window.eval(VISITOR);
  return window as PartsWindow;
}

/** What UseResponse's SDK defines once it has loaded, recording the calls. */
function defineUr(w: PartsWindow, { clear = true } = {}): UrCall[] {
  const calls: UrCall[] = [];
  w.UR = {
    calls,
    userConfig: (config: unknown) => calls.push({ method: 'userConfig', args: [config] }),
    ...(clear ? { clearChatStorage: () => calls.push({ method: 'clearChatStorage', args: [] }) } : {}),
  };
  return calls;
}

const asChatWindow = (w: PartsWindow) => w as unknown as Sdk.ChatWindow;
const scripts = (w: PartsWindow) => [...w.document.querySelectorAll('script')];

describe('loadSdk', () => {
  it('appends the SDK once, async, with the nonce, to the head', () => {
    const w = page();
    const script = w.Sdk.loadSdk(asChatWindow(w), w.document, SRC, 'bm9uY2U=');
    expect(scripts(w)).toEqual([script]);
    expect(script?.parentElement).toBe(w.document.head);
    expect(script?.src).toBe(SRC);
    expect(script?.async).toBe(true);
    expect(script?.nonce).toBe('bm9uY2U=');
    // A second run of the page's code (a Turbo or htmx visit) reuses it.
    expect(w.Sdk.loadSdk(asChatWindow(w), w.document, SRC, 'bm9uY2U=')).toBeUndefined();
    expect(scripts(w)).toHaveLength(1);
  });

  it('loads nothing when the SDK is already there, and no nonce attribute when there is none', () => {
    const ready = page();
    defineUr(ready);
    expect(ready.Sdk.loadSdk(asChatWindow(ready), ready.document, SRC)).toBeUndefined();
    expect(scripts(ready)).toEqual([]);

    const plain = page();
    expect(plain.Sdk.loadSdk(asChatWindow(plain), plain.document, SRC)?.hasAttribute('nonce')).toBe(false);
  });

  it('a page without a head gets the SDK in its body', () => {
    const w = page();
    w.document.head.remove();
    expect(w.Sdk.loadSdk(asChatWindow(w), w.document, SRC)?.parentElement).toBe(w.document.body);
  });
});

describe('whenSdkReady', () => {
  it('runs once, at once when the SDK is there, however many loads follow', () => {
    const w = page();
    defineUr(w);
    let runs = 0;
    w.Sdk.whenSdkReady(asChatWindow(w), w.document, () => (runs += 1));
    w.document.body.appendChild(w.document.createElement('img')).dispatchEvent(new w.Event('load'));
    w.dispatchEvent(new w.Event('load'));
    expect(runs).toBe(1);
  });

  it("runs when the SDK's own script loads after the page's load event (a load event that does not bubble)", () => {
    const w = page();
    let runs = 0;
    w.Sdk.whenSdkReady(asChatWindow(w), w.document, () => (runs += 1));
    const script = w.Sdk.loadSdk(asChatWindow(w), w.document, SRC)!;
    expect(runs).toBe(0);
    defineUr(w);
    script.dispatchEvent(new w.Event('load', { bubbles: false }));
    expect(runs).toBe(1);
  });

  it('a run that throws (a broken SDK) is not tried again on the next load event, and its error reaches the page', () => {
    // The browser reports what the listener threw, as for any script error: nothing swallows it.
    const uncaught: unknown[] = [];
    const virtualConsole = new VirtualConsole();
    virtualConsole.on('jsdomError', (error: Error & { detail?: unknown }) => uncaught.push(error.detail));
    const w = page(virtualConsole);
    let runs = 0;
    const broken = new Error('userConfig broke');
    w.Sdk.whenSdkReady(asChatWindow(w), w.document, () => {
      runs += 1;
      throw broken;
    });
    defineUr(w);
    w.dispatchEvent(new w.Event('load'));
    w.dispatchEvent(new w.Event('load'));
    expect(runs).toBe(1);
    expect(uncaught).toEqual([broken]);
  });
});

describe('applyIdentity', () => {
  const brian = { token: 'a'.repeat(64), userEmail: 'brian@example.com' };
  const alice = { token: 'b'.repeat(64), userEmail: 'alice@example.com' };

  it('an anonymous page in between keeps the last visitor, so a different one next is a change', () => {
    const w = page();
    const calls = defineUr(w);
    w.Visitor.applyIdentity(asChatWindow(w), brian, false);
    w.Visitor.applyIdentity(asChatWindow(w), null, false);
    expect(w.Visitor.rememberedVisitor(asChatWindow(w))).toBe(true);
    w.Visitor.applyIdentity(asChatWindow(w), alice, false);
    expect(calls.map((call) => call.method)).toEqual(['userConfig', 'clearChatStorage', 'userConfig']);
  });

  it('an SDK without clearChatStorage still gets the new visitor, and a logout does not throw', () => {
    const w = page();
    const calls = defineUr(w, { clear: false });
    w.Visitor.applyIdentity(asChatWindow(w), brian, false);
    w.Visitor.applyIdentity(asChatWindow(w), alice, false);
    expect(() => w.Visitor.clearVisitor(asChatWindow(w))).not.toThrow();
    expect(calls.map((call) => call.method)).toEqual(['userConfig', 'userConfig']);
    expect(w.Visitor.rememberedVisitor(asChatWindow(w))).toBe(false);
  });

  const methods = (calls: UrCall[]) => calls.map((call) => call.method);

  it("a page's clear runs once while the chat keeps the visitor it left, so a chat started since stays", () => {
    const w = page();
    const calls = defineUr(w);
    w.Visitor.applyIdentity(asChatWindow(w), brian, undefined);
    // A logout, then pages that repeat its clear (its cookie outlives prefetched pages).
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    expect(methods(calls)).toEqual(['userConfig', 'clearChatStorage']);
    // Another logout is another clear.
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-2');
    expect(methods(calls)).toEqual(['userConfig', 'clearChatStorage', 'clearChatStorage']);
  });

  it('a login on a page that repeats the clear keeps the chat; a visitor gone since is cleared again', () => {
    const w = page();
    const calls = defineUr(w);
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), brian, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), brian, 'logout-1');
    expect(methods(calls)).toEqual(['clearChatStorage', 'userConfig', 'userConfig']);
    // Brian's chat is not the one that clear was for: a page that repeats it without him clears.
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    expect(methods(calls)).toEqual(['clearChatStorage', 'userConfig', 'userConfig', 'clearChatStorage']);
    // And someone else after a repeated clear is still a change of visitor.
    w.Visitor.applyIdentity(asChatWindow(w), brian, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), alice, 'logout-1');
    expect(methods(calls).slice(4)).toEqual(['userConfig', 'clearChatStorage', 'userConfig']);
  });

  it('the same clear after the same visitor came back runs again (a session that ended twice)', () => {
    const w = page();
    const calls = defineUr(w);
    w.Visitor.applyIdentity(asChatWindow(w), brian, undefined);
    w.Visitor.applyIdentity(asChatWindow(w), null, 'session-1');
    w.Visitor.applyIdentity(asChatWindow(w), brian, undefined);
    w.Visitor.applyIdentity(asChatWindow(w), null, 'session-1');
    expect(methods(calls)).toEqual(['userConfig', 'clearChatStorage', 'userConfig', 'clearChatStorage']);
  });

  it('clearChat and clearOnPageClose (true) clear every time', () => {
    const w = page();
    const calls = defineUr(w);
    w.Visitor.clearVisitor(asChatWindow(w));
    w.Visitor.clearVisitor(asChatWindow(w));
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    w.Visitor.clearVisitor(asChatWindow(w));
    expect(methods(calls)).toEqual(['clearChatStorage', 'clearChatStorage', 'clearChatStorage', 'clearChatStorage']);
  });

  it('keeps no identity beside the clear: the visitor is 8 hex digits of the token, never the email', () => {
    const w = page();
    defineUr(w);
    w.Visitor.applyIdentity(asChatWindow(w), brian, 'logout-1');
    expect({ ...w.localStorage }).toEqual({ 'useresponse:fp': 'aaaaaaaa', 'useresponse:cleared': 'logout-1' });
  });

  it('without localStorage, every page that asks clears', () => {
    const w = page();
    const calls = defineUr(w);
    Object.defineProperty(w, 'localStorage', {
      get() {
        throw new w.DOMException('denied', 'SecurityError');
      },
    });
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    w.Visitor.applyIdentity(asChatWindow(w), null, 'logout-1');
    expect(methods(calls)).toEqual(['clearChatStorage', 'clearChatStorage']);
  });

  it('any run of pages: a visitor gone is cleared, a new one too, and a repeated clear only then', () => {
    const visitors = { a: brian, b: alice };
    const pageArb = fc.record({
      who: fc.constantFrom(null, 'a' as const, 'b' as const),
      clear: fc.constantFrom(undefined, 'x', 'y', true),
    });
    fc.assert(
      fc.property(fc.array(pageArb, { minLength: 1, maxLength: 12 }), (pages) => {
        const w = page();
        const calls = defineUr(w);
        // Who the chat was given since it was last cleared: what a clear is there to remove.
        let given: string | null = null;
        let before: (typeof pages)[number] | undefined;
        // The value of the last page's clear that named one: another logout is another clear.
        let lastNamed: string | undefined;
        for (const { who, clear } of pages) {
          const from = calls.length;
          w.Visitor.applyIdentity(asChatWindow(w), who === null ? null : visitors[who], clear);
          const made = methods(calls.slice(from));
          const cleared = made[0] === 'clearChatStorage';
          if (clear === true || (typeof clear === 'string' && clear !== lastNamed)) expect(cleared).toBe(true);
          // The previous visitor's chat never reaches a page without a visitor that asks for a clear,
          // nor another visitor.
          if (given !== null && ((who === null && clear) || (who !== null && who !== given)))
            expect(cleared).toBe(true);
          // The same page again, clear and visitor alike: nothing left to clear.
          if (typeof clear === 'string' && before?.clear === clear && before.who === who) expect(cleared).toBe(false);
          expect(made.slice(cleared ? 1 : 0)).toEqual(who === null ? [] : ['userConfig']);
          if (cleared) given = null;
          if (who !== null) given = who;
          before = { who, clear };
          if (typeof clear === 'string') lastNamed = clear;
        }
      }),
      { numRuns: 150 },
    );
  });

  it('without localStorage, nobody is remembered', () => {
    const w = page();
    Object.defineProperty(w, 'localStorage', {
      get() {
        throw new w.DOMException('denied', 'SecurityError');
      },
    });
    expect(w.Visitor.rememberedVisitor(asChatWindow(w))).toBe(false);
  });
});
