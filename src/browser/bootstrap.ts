// The inline script that reads the page's chat config and drives the UseResponse SDK; built into a
// constant by scripts/build-browser.mjs.
/*
 * The same bytes on every page, so a CSP may allow it by hash; all per-visitor data lives in the
 * JSON block just before it. In order, it:
 * - reads that block (`previousElementSibling`), so no data is ever parsed as code;
 * - gives itself the instance id when no element has it, as UseResponse's loader does;
 * - loads the SDK once per page, async, carrying this script's nonce (a flag on window, keyed by
 *   the URL, lets a second run, as after a Turbo or pjax visit, reuse it);
 * - waits for `UR` without touching window.onload: at once if it exists, else on any resource's
 *   load event (captured on document) or the window's, running only once;
 * - calls UR.clearChatStorage() first when logging out or when the stored fingerprint of the last
 *   identity differs, then UR.userConfig(identity) exactly once;
 * - keeps in localStorage only a 32-bit FNV-1a hash of the token: enough to notice a different
 *   user, far too little to recover the token, and the email is never hashed on its own.
 */

/** What the server writes in the data block (see pageJson): short keys, since it is on every page. */
interface PageConfig {
  /** The SDK URL, when the package loads the widget. */
  src?: string;
  /** UseResponse's instance id, `uriid_<40 hex>`. */
  iid?: string;
  /** The argument of UR.userConfig. */
  id?: { token: string };
  /** Clear the chat: a logout. */
  clear?: 1;
  /** Clear the chat on pagehide too. */
  pc?: 1;
}

interface UseResponseSdk {
  userConfig?: (config: unknown) => void;
  clearChatStorage?: () => void;
}

type ChatWindow = Window & { UR?: UseResponseSdk } & Record<string, unknown>;

const FINGERPRINT_KEY = 'useresponse:fp';

/** 32-bit FNV-1a of the token, in base 36. */
function fingerprint(token: string): string {
  let hash = 2166136261;
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}

(function bootstrap(w: ChatWindow, d: Document) {
  const self = d.currentScript as HTMLScriptElement;
  let config: PageConfig;
  try {
    config = JSON.parse(self.previousElementSibling!.textContent) as PageConfig;
  } catch {
    return;
  }
  let done = false;
  const ready = () => w.UR?.userConfig;
  const clear = () => w.UR!.clearChatStorage?.();

  function configure(): void {
    const identity = config.id;
    const current = identity && fingerprint(identity.token);
    let storage: Storage | undefined;
    let previous: string | null = null;
    try {
      storage = w.localStorage;
      previous = storage.getItem(FINGERPRINT_KEY);
      if (current) storage.setItem(FINGERPRINT_KEY, current);
      else if (config.clear) storage.removeItem(FINGERPRINT_KEY);
    } catch {
      // Storage may be disabled; the chat still works, without noticing a change of user.
    }
    if (config.clear || (current && previous && previous !== current)) clear();
    if (identity) w.UR!.userConfig!(identity);
    if (config.pc) {
      w.addEventListener('pagehide', () => {
        try {
          storage!.removeItem(FINGERPRINT_KEY);
        } catch {
          // As above.
        }
        clear();
      });
    }
  }

  function whenReady(): void {
    if (!done && ready()) {
      done = true;
      configure();
    }
  }

  if (config.iid && !d.getElementById(config.iid)) self.id = config.iid;
  const loaded = FINGERPRINT_KEY + config.src;
  if (config.src && !ready() && !w[loaded]) {
    w[loaded] = 1;
    const sdk = d.createElement('script');
    sdk.async = true;
    sdk.src = config.src;
    if (self.nonce) sdk.nonce = self.nonce;
    (d.head || d.body).appendChild(sdk);
  }
  whenReady();
  d.addEventListener('load', whenReady, true);
  w.addEventListener('load', whenReady);
})(window as unknown as ChatWindow, document);
