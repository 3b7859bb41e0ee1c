// The inline bootstrap: reads the page's chat config from the data block just before it. Built by
// scripts/build-browser.mjs into the constant the view helper emits.
/*
 * The same bytes on every page, so a CSP may allow it by hash; all per-visitor data lives in the
 * JSON block just before it, read from `previousElementSibling`, so no data is ever parsed as code.
 * It runs again on each page that a Turbo or htmx visit swaps in, and then reuses the loaded SDK.
 */
import { runPageChat, type PageConfig } from './page-chat.js';

const self = document.currentScript as HTMLScriptElement;
// Absent from the copy of a page that Turbo keeps, when the page names a visitor: nothing to do.
// Read as client-script.ts reads it, but written out here: as a shared function it cost 29 bytes
// more on every page.
const block = self.previousElementSibling as HTMLElement | null;
let config: PageConfig | undefined;
try {
  if (block?.dataset.useresponse != null) config = JSON.parse(block.textContent) as PageConfig;
} catch {
  // A data block edited by hand: nothing to do.
}
if (config) runPageChat(config, self);
