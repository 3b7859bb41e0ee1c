// The view helper: the HTML a page needs for the chat, and the headers that go with it.
import { BOOTSTRAP_JS } from './bootstrap.js';
import { markPersonal } from './cache.js';
import { consumeLogoutCookie, hasLogoutCookie } from './cookies.js';
import { describeError, safeWarn } from './logger.js';
import type { ChatRequestState } from './request-state.js';
import { scriptSafeJson } from './serialize.js';
import type { UseResponseChatConfig } from './types.js';
import type { WidgetSource } from './widget-src.js';

// Characters a CSP nonce may hold (base64 and base64url); anything else could break the attribute.
const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The data the bootstrap reads. Short keys: this travels on every page. */
export interface PageData {
  src?: string;
  iid?: string;
  id?: UseResponseChatConfig;
  clear?: 1;
  pc?: 1;
}

function nonceAttribute(state: ChatRequestState): string {
  let nonce: unknown;
  try {
    nonce = state.options.nonce(state.req, state.res);
  } catch (error) {
    safeWarn(
      state.options.logger,
      `the nonce option threw ${describeError(error)}; the chat scripts carry no nonce, so a nonce-based CSP will block them.`,
    );
    return '';
  }
  if (nonce === undefined || nonce === null) return '';
  if (typeof nonce === 'string' && NONCE.test(nonce)) return ` nonce="${nonce}"`;
  safeWarn(
    state.options.logger,
    'the CSP nonce is not a non-empty base64 or base64url string, so it was not put in the page and a nonce-based CSP will block the chat scripts. ' +
      'Generate it with crypto.randomBytes(16).toString("base64").',
  );
  return '';
}

/** Renders the chat for this response; `res.locals.useresponseChat()` calls it. */
export function renderChat(state: ChatRequestState): string {
  const { options, req, res } = state;
  if (state.rendered) {
    safeWarn(
      options.logger,
      'useresponseChat() was called more than once for one page; only the first call emits the chat.',
    );
    return '';
  }
  state.rendered = true;
  const browserHasLogoutCookie = hasLogoutCookie(req);
  const clear = state.loggingOut || browserHasLogoutCookie;
  const identity = state.chatConfig();
  const widget = options.widget;
  if (identity === null && !clear && widget === undefined) return '';

  if ((identity !== null || clear) && res.headersSent) {
    safeWarn(
      options.logger,
      'useresponseChat() ran after the headers were sent; the page cannot be marked uncacheable, so the chat is left out.',
    );
    return '';
  }
  if (clear) {
    markPersonal(res);
    consumeLogoutCookie(req, res, browserHasLogoutCookie);
  }

  return chatMarkup(pageData(widget, identity, clear, options.clearOnPageClose), nonceAttribute(state));
}

export function pageData(
  widget: WidgetSource | undefined,
  identity: UseResponseChatConfig | null,
  clear: boolean,
  clearOnPageClose: boolean,
): PageData {
  const data: PageData = {};
  if (widget !== undefined) {
    data.src = widget.src;
    if (widget.instanceId !== undefined) data.iid = widget.instanceId;
  }
  if (identity !== null) data.id = identity;
  if (clear) data.clear = 1;
  if (clearOnPageClose) data.pc = 1;
  return data;
}

/** The two script elements; `nonceAttribute` is `''` or ` nonce="…"` from a checked nonce. */
export function chatMarkup(data: PageData, nonceAttribute: string): string {
  return (
    `<script type="application/json" data-useresponse${nonceAttribute}>${scriptSafeJson(data)}</script>` +
    `<script${nonceAttribute}>${BOOTSTRAP_JS}</script>`
  );
}
