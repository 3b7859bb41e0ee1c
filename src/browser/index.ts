// express-useresponse/browser: the chat for single-page apps, driven from the JSON of chat.configHandler().
import { forgetSdk, loadSdk, whenSdkReady, type ChatWindow } from './sdk.js';
import { applyIdentity, clearVisitor, rememberedVisitor, type ChatIdentity } from './visitor.js';

export type { ChatIdentity } from './visitor.js';

/** What `chat.configHandler()` answers. */
export interface ChatConfig {
  /** The SDK URL to load, or null when the page carries UseResponse's own widget code. */
  widgetSrc: string | null;
  /** The argument of `UR.userConfig`, or null for an anonymous visitor. */
  identity: ChatIdentity | null;
}

export interface StartChatOptions {
  /** Where the app mounted `chat.configHandler()`, e.g. `'/useresponse/config'`. */
  configUrl: string;
  /** The page's CSP nonce, if its policy needs one for the SDK's script (with `'strict-dynamic'` it does not). */
  nonce?: string;
  /** Another `fetch` (one that adds a header, say); the global one by default. */
  fetch?: typeof fetch;
}

let started: StartChatOptions | undefined;
/** Counts calls of refreshChat and clearChat: only the newest one's word reaches the SDK. */
let latestCall = 0;

const INSTANCE_ID = /\/chat-(uriid_[0-9a-f]{40})-\d+\.js$/i;

async function fetchConfig(options: StartChatOptions): Promise<ChatConfig> {
  const response = await (options.fetch ?? fetch)(options.configUrl, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`express-useresponse: ${options.configUrl} answered ${response.status}`);
  // A route behind the site's login redirects to a page that answers 200 in HTML.
  const type = response.headers.get('content-type') ?? '';
  if (!/\bjson\b/i.test(type)) {
    throw new Error(
      `express-useresponse: ${options.configUrl} answered ${type.split(';')[0] || 'no content type'}, not JSON (a login page after a redirect?). Mount chat.configHandler() where every visitor reaches it.`,
    );
  }
  return (await response.json()) as ChatConfig;
}

/** The SDK's arrival, which every waiting call shares: failed when the script the module added does not load. */
let arrival: { promise: Promise<void>; fail: (error: Error) => void } | undefined;

function sdkReady(): Promise<void> {
  if (arrival === undefined) {
    let fail!: (error: Error) => void;
    const promise = new Promise<void>((resolve, reject) => {
      fail = reject;
      whenSdkReady(window as unknown as ChatWindow, document, resolve);
    });
    arrival = { promise, fail };
  }
  return arrival.promise;
}

/**
 * Loads the SDK when the config names it (once per page), then waits for it. When the script does
 * not load (a CSP, an ad blocker, the network), every call waiting for it rejects rather than wait
 * for ever, and the next call adds the script again.
 */
async function prepare(config: ChatConfig, options: StartChatOptions): Promise<void> {
  const src = config.widgetSrc;
  if (src) {
    const w = window as unknown as ChatWindow;
    const script = loadSdk(w, document, src, options.nonce);
    if (script) {
      // UseResponse's loader leaves its instance id on an element of the page; do the same.
      const instanceId = INSTANCE_ID.exec(new URL(src, location.href).pathname)?.[1];
      if (instanceId && !document.getElementById(instanceId)) script.id = instanceId;
      script.addEventListener('error', () => {
        forgetSdk(w, script, src);
        // Set: this call asked for it below, before any event could come.
        const failed = arrival!;
        arrival = undefined;
        failed.fail(
          new Error(
            `express-useresponse: the chat SDK ${src} did not load (blocked by the page's Content-Security-Policy, an ad blocker, or the network). The next refreshChat() tries again.`,
          ),
        );
      });
    }
  }
  await sdkReady();
}

/**
 * Starts the chat: fetches the visitor's config from `configUrl`, loads the SDK once, and calls
 * `UR.userConfig` for an identified visitor (clearing first when this browser last saw someone
 * else). Resolves with the config once the SDK has it.
 */
export async function startChat(options: StartChatOptions): Promise<ChatConfig> {
  if (!options || typeof options.configUrl !== 'string' || options.configUrl === '') {
    throw new TypeError(
      "express-useresponse: startChat needs { configUrl }, where the app mounts chat.configHandler(), e.g. '/useresponse/config'.",
    );
  }
  started = options;
  return refreshChat();
}

/**
 * Call after a login, a logout or any change of identity: fetches the config again. A different
 * visitor's chat is cleared before the new one is configured; a visitor who is gone is cleared.
 * When a later refreshChat or clearChat was called before this one's answer came, that answer may
 * be from before a login or a logout: it is not applied, though the call still resolves with it.
 */
export async function refreshChat(): Promise<ChatConfig> {
  const options = started;
  if (options === undefined)
    throw new Error('express-useresponse: call startChat({ configUrl }) before refreshChat().');
  const call = ++latestCall;
  const config = await fetchConfig(options);
  await prepare(config, options);
  const w = window as unknown as ChatWindow;
  if (call === latestCall) applyIdentity(w, config.identity, !config.identity && rememberedVisitor(w));
  return config;
}

/**
 * Call on logout: forgets the visitor and clears the chat session in this browser. Resolves without
 * clearing when the SDK did not load, since this page then has no chat.
 */
export async function clearChat(): Promise<void> {
  latestCall++;
  if (started !== undefined) {
    try {
      await sdkReady();
    } catch {
      // The SDK did not load: the call that loaded it rejected, saying so, and this page has no chat
      // to clear. The visitor stays remembered, so a later refreshChat that finds nobody, or someone
      // else, clears it.
      return;
    }
  } else if (!(window as unknown as ChatWindow).UR) return;
  clearVisitor(window as unknown as ChatWindow);
}
