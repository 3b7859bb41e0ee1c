// The inline bootstrap: reads the page's chat config from the data block just before it. Built by
// scripts/build-browser.mjs into the constant the view helper emits.
/*
 * The same bytes on every page, so a CSP may allow it by hash; all per-visitor data lives in the
 * JSON block just before it, read from `previousElementSibling`, so no data is ever parsed as code.
 * It runs again on each page that a Turbo or htmx visit swaps in, and then reuses the loaded SDK.
 */
import { runPageChat, type PageConfig } from './page-chat.js';

const self = document.currentScript as HTMLScriptElement;
let config: PageConfig | undefined;
try {
  config = JSON.parse(self.previousElementSibling!.textContent) as PageConfig;
} catch {
  // No data block (markup edited by hand): nothing to do.
}
if (config) runPageChat(config, self);
