// What a server-rendered page asks of the chat, carried out: shared by the inline bootstrap and the
// external client script.
import { loadSdk, whenSdkReady, type ChatWindow } from './sdk.js';
import { applyIdentity, clearVisitor, type ChatIdentity } from './visitor.js';

/** What the server writes in the data block (see pageJson): short keys, since it is on every page. */
export interface PageConfig {
  /** The SDK URL, when the package loads the widget. */
  src?: string;
  /** UseResponse's instance id, `uriid_<40 hex>`. */
  iid?: string;
  /** The argument of UR.userConfig. */
  id?: ChatIdentity;
  /** Clear the chat: a logout. */
  clear?: 1;
  /** Clear the chat on pagehide too. */
  pc?: 1;
}

/**
 * Loads the SDK once and tells it who is here. `script` is the element running this code, which
 * takes the instance id when no element has it and lends its nonce to the SDK's script.
 */
export function runPageChat(config: PageConfig, script: HTMLScriptElement): void {
  const w = window as unknown as ChatWindow;
  const d = document;
  const { iid, src, id, clear, pc } = config;
  // UseResponse's loader gives itself the instance id; do the same when no element has it.
  if (iid && !d.getElementById(iid)) script.id = iid;
  if (src) loadSdk(w, d, src, script.nonce);
  whenSdkReady(w, d, () => {
    applyIdentity(w, id, !!clear);
    if (pc) w.addEventListener('pagehide', () => clearVisitor(w));
  });
}
