// The script that reads a page's chat config and drives the UseResponse SDK. Built by
// scripts/build-browser.mjs into the constant the view helper inlines, and into the external client script.
/*
 * The same bytes on every page, so a CSP may allow it by hash; all per-visitor data lives in the
 * JSON block just before it, read from `previousElementSibling`, so no data is ever parsed as code.
 * It runs again on each page that a Turbo or htmx visit swaps in, and then reuses the loaded SDK.
 */
import { loadSdk, whenSdkReady, type ChatWindow } from './sdk.js';
import { applyIdentity, clearVisitor, type ChatIdentity } from './visitor.js';

/** What the server writes in the data block (see pageJson): short keys, since it is on every page. */
interface PageConfig {
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

const w = window as unknown as ChatWindow;
const d = document;
const self = d.currentScript as HTMLScriptElement;
let config: PageConfig | undefined;
try {
  config = JSON.parse(self.previousElementSibling!.textContent) as PageConfig;
} catch {
  // No data block (markup edited by hand): nothing to do.
}
if (config) {
  const { iid, src, id, clear, pc } = config;
  // UseResponse's loader gives itself the instance id; do the same when no element has it.
  if (iid && !d.getElementById(iid)) self.id = iid;
  if (src) loadSdk(w, d, src, self.nonce);
  whenSdkReady(w, d, () => {
    applyIdentity(w, id, !!clear);
    if (pc) w.addEventListener('pagehide', () => clearVisitor(w));
  });
}
