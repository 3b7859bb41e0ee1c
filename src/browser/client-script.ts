// The external client script (chat.clientScript()): the bootstrap with the widget written in, so a
// page need not repeat it. Built by scripts/build-browser.mjs into a template the server completes
// at start-up.
/*
 * An anonymous visitor's page carries no data block at all, only the script element; a page with
 * an identity, a logout or clearOnPageClose has the block just before it.
 */
import { runPageChat, type PageConfig } from './page-chat.js';

/** The widget, `{"src":…,"iid":…}` or `{}`: esbuild's `define` leaves a placeholder the server fills. */
declare const USERESPONSE_WIDGET: PageConfig;

const widget = USERESPONSE_WIDGET;
const self = document.currentScript as HTMLScriptElement;
const block = self.previousElementSibling;
let config = widget;
try {
  if (block?.hasAttribute('data-useresponse')) config = { ...widget, ...(JSON.parse(block.textContent) as PageConfig) };
} catch {
  // A data block edited by hand: the widget alone.
}
runPageChat(config, self);
