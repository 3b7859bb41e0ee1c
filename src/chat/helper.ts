// The view helper: the HTML a page needs for the chat, and the headers that go with it.
import { BOOTSTRAP_JS } from './bootstrap.generated.js';
import { markPersonal } from '../core/cache.js';
import { consumeLogoutCookie, hasLogoutCookie } from './cookies.js';
import { describeError, safeWarn } from '../core/logger.js';
import type { ChatRequestState } from './request-state.js';
import { scriptSafeString } from './serialize.js';
import type { UseResponseChatConfig } from '../core/types.js';
import type { WidgetSource } from './widget-src.js';

// Characters a CSP nonce may hold (base64 and base64url); anything else could break the attribute.
const NONCE = /^[A-Za-z0-9+/_-]+={0,2}$/;

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

  const script = options.clientScript;
  // The client script carries the widget itself: its pages name only the visitor.
  const json = pageJson(script === undefined ? widget : undefined, identity, clear, options.clearOnPageClose);
  return chatMarkup(json, nonceAttribute(state), script?.src);
}

/**
 * The JSON the bootstrap reads, written by hand: only the user's strings go through JSON.stringify,
 * which is several times faster than serialising the whole object. Keys are short because this
 * travels on every page: src, iid (the widget), id (the identity), clear, pc (clear on page close).
 */
export function pageJson(
  widget: WidgetSource | undefined,
  identity: UseResponseChatConfig | null,
  clear: boolean,
  clearOnPageClose: boolean,
): string {
  // Built front to back with no slicing, so the string is never flattened before the page is; a
  // member after another (json longer than '{') gets a comma.
  let json = widget === undefined ? '{' : widget.json;
  if (identity !== null) {
    if (json.length > 1) json += ',';
    // The token is lowercase hex from computeToken: nothing in it needs escaping.
    json += `"id":{"token":"${identity.token}","userEmail":${scriptSafeString(identity.userEmail)}`;
    if (identity.userName !== undefined) json += `,"userName":${scriptSafeString(identity.userName)}`;
    json += ',"properties":{';
    let separator = '';
    // Own keys only: a polluted Object.prototype must not reach the page.
    for (const key of Object.keys(identity.properties)) {
      json += `${separator}${scriptSafeString(key)}:${scriptSafeString(identity.properties[key]!)}`;
      separator = ',';
    }
    json += '}}';
  }
  if (clear) json += json.length > 1 ? ',"clear":1' : '"clear":1';
  if (clearOnPageClose) json += json.length > 1 ? ',"pc":1' : '"pc":1';
  return json + '}';
}

const BOOTSTRAP_ELEMENT_END = `>${BOOTSTRAP_JS}</script>`;

/**
 * The data block and the bootstrap, inline or, with `clientScriptSrc`, as a deferred external file
 * (a CSP with `script-src 'self'` then needs no nonce or hash), which needs no data block when there
 * is nothing to say (`{}`: an anonymous visitor). `nonceAttribute` is `''` or ` nonce="…"` from a
 * checked nonce; `clientScriptSrc` a path checked at start-up.
 */
export function chatMarkup(json: string, nonceAttribute: string, clientScriptSrc?: string): string {
  if (clientScriptSrc !== undefined) {
    const script = `<script src="${clientScriptSrc}" defer${nonceAttribute}></script>`;
    return json === '{}' ? script : dataBlock(json, nonceAttribute) + script;
  }
  return `${dataBlock(json, nonceAttribute)}<script${nonceAttribute}${BOOTSTRAP_ELEMENT_END}`;
}

function dataBlock(json: string, nonceAttribute: string): string {
  return `<script type="application/json" data-useresponse${nonceAttribute}>${json}</script>`;
}
