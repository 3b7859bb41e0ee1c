// What a server-rendered page asks of the chat, carried out: shared by the inline bootstrap and the
// external client script.
import { KEY_PREFIX, loadSdk, whenSdkReady, type ChatWindow } from './sdk.js';
import { applyIdentity, clearVisitor, type ChatIdentity } from './visitor.js';

/** What the server writes in the data block (see pageJson): short keys, since it is on every page. */
export interface PageConfig {
  /** The SDK URL, when the package loads the widget. */
  src?: string;
  /** UseResponse's instance id, `uriid_<40 hex>`. */
  iid?: string;
  /** The argument of UR.userConfig. */
  id?: ChatIdentity;
  /**
   * Clear the chat: a logout, or a session that ended. The value names that clear, so that the
   * pages after it that repeat it (while its cookie lasts) leave a chat started since.
   */
  clear?: string;
  /** Clear the chat on pagehide too. */
  pc?: 1;
}

/** The id of the running script when the widget has no instance id (an SDK URL of another shape). */
const NO_INSTANCE_ID = KEY_PREFIX + 'chat';

/** Where the window keeps its one pagehide listener. */
const ON_PAGE_CLOSE = KEY_PREFIX + 'pc';

/**
 * Loads the SDK once and tells it who is here. `script` is the element running this code, which
 * takes the instance id and lends its nonce to the SDK's script.
 */
export function runPageChat(config: PageConfig, script: HTMLScriptElement): void {
  const w = window as unknown as ChatWindow;
  const d = document;
  // config's fields are read where they are used: destructured, they cost bytes on every page.
  // UseResponse's loader gives itself the instance id; so does this script, always. A morph (Turbo
  // 8's page refresh, htmx 4's morph swap) keeps an element only when it matches the new page's,
  // which has no id: so it never keeps this one, and runs the new page's script, whose data may have
  // changed (a login or a logout that redirects to the same URL). The element it replaces holds the
  // same id until the morph removes it, a moment later.
  script.id = config.iid || NO_INSTANCE_ID;
  if (config.src) loadSdk(w, d, config.src, script.nonce);
  whenSdkReady(w, d, () => {
    applyIdentity(w, config.id, config.clear);
    // One listener per window however many pages a Turbo or htmx session runs: the same function
    // each time, which addEventListener adds only once.
    if (config.pc) w.addEventListener('pagehide', (w[ON_PAGE_CLOSE] ||= () => clearVisitor(w)) as () => void);
  });
}
