// The view helper: the HTML a page needs for the chat, and the headers that go with it.
import { BOOTSTRAP_JS } from './bootstrap.generated.js';
import { markPersonal } from '../core/cache.js';
import {
  consumeLogoutCookie,
  cookieValue,
  followVisitor,
  hasCookie,
  IDENTIFIED_COOKIE,
  LOGOUT_COOKIE,
  pageMayNeverRun,
} from './cookies.js';
import { describeError, safeWarn } from '../core/logger.js';
import type { ChatRequestState } from './request-state.js';
import { DATA_BLOCK_START, NOT_KEPT } from './data-block.js';
import { flattened } from './serialize.js';
import type { WidgetSource } from './widget-src.js';
import type { ClientScript } from './client-script.js';

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
  // Almost always absent; read once, as the value that names this page's clear when it is there.
  const logoutCookie = cookieValue(req, LOGOUT_COOKIE);
  const identity = state.checkedIdentity();
  // With clearOnSessionEnd: this browser's chat was given a visitor. If nobody is logged in now and
  // there was no logout (the session expired, or ended with the browser), the chat still holds them.
  const browserWasIdentified = options.clearOnSessionEnd && hasCookie(req, IDENTIFIED_COOKIE);
  const sessionEnded = browserWasIdentified && state.anonymous;
  // What names this page's clear, so that the browser carries it out once however many pages repeat
  // it: this logout's cookie, else the logout cookie the browser sent, else the ended session's.
  const clearName =
    state.loggingOut !== false
      ? state.loggingOut
      : (logoutCookie ?? (sessionEnded ? cookieValue(req, IDENTIFIED_COOKIE) : undefined));
  const clear = clearName !== undefined;
  const widget = options.widget;
  if (identity === null && !clear && widget === undefined) return '';

  if ((identity !== null || clear) && res.headersSent) {
    safeWarn(
      options.logger,
      'useresponseChat() ran after the headers were sent; the page cannot be marked uncacheable, so the chat is left out.',
    );
    return '';
  }
  // Until a page that clears does run, the cookies stay: the logout cookie the browser sent, the
  // one a logout route that renders this page is setting, and clearOnSessionEnd's.
  const clears = clear && !pageMayNeverRun(req);
  if (clear) {
    markPersonal(res);
    if (clears) consumeLogoutCookie(req, res, logoutCookie !== undefined);
  }
  if (options.clearOnSessionEnd) followVisitor(req, res, browserWasIdentified, identity !== null, clears);

  const script = options.clientScript;
  const nonce = nonceAttribute(state);
  // A visitor's pages without a nonce or a clear all carry the same markup: written once.
  // Stryker disable next-line ConditionalExpression,BooleanLiteral: keeping the markup only saves work; kept for no page, or only for the pages that clear, every page is written the same (a kept nonce is tested)
  const samePage = identity !== null && !clear && nonce === '';
  // Stryker disable next-line ConditionalExpression: see above
  if (samePage && identity.page !== undefined) return identity.page;
  // The client script carries the widget itself: its pages name only the visitor.
  const json = pageJson(script === undefined ? widget : undefined, identity?.json, clearName, options.clearOnPageClose);
  const markup = chatMarkup(json, identity !== null || clear, nonce, script);
  // Stryker disable next-line ConditionalExpression: see above
  if (samePage) identity.page = flattened(markup);
  return markup;
}

/**
 * The JSON the bootstrap reads, written by hand: only the user's strings are escaped, and a plain
 * one is copied as it is. Keys are short because this travels on every page: src, iid (the widget),
 * id (the identity, as identityJson writes it), clear (a cookie's value, which JSON needs no escape
 * for: see cookieValue), pc (clear on page close).
 */
export function pageJson(
  widget: WidgetSource | undefined,
  identity: string | undefined,
  clear: string | undefined,
  clearOnPageClose: boolean,
): string {
  // Built front to back with no slicing, so the string is never flattened before the page is; a
  // member after another (json longer than '{') gets a comma.
  let json = widget === undefined ? '{' : widget.json;
  if (identity !== undefined) json += (json.length > 1 ? ',"id":' : '"id":') + identity;
  if (clear !== undefined) json += `${json.length > 1 ? ',' : ''}"clear":"${clear}"`;
  if (clearOnPageClose) json += json.length > 1 ? ',"pc":1' : '"pc":1';
  return json + '}';
}

const BOOTSTRAP_ELEMENT_END = `>${BOOTSTRAP_JS}</script>`;
// Without a nonce, the parts of the markup that never change, joined once.
const DATA_BLOCK_OPEN = `${DATA_BLOCK_START}>`;
const DATA_BLOCK_END_AND_BOOTSTRAP = `</script><script${BOOTSTRAP_ELEMENT_END}`;

/**
 * The data block and the bootstrap, inline or, with `script` (the `clientScript` option), as a
 * deferred external file (a CSP with `script-src 'self'` then needs no nonce or hash), which needs
 * no data block when there is nothing to say (`{}`: an anonymous visitor). `personal`: the data
 * names a visitor or clears the chat. `nonceAttribute` is `''` or ` nonce="…"` from a checked nonce.
 */
export function chatMarkup(json: string, personal: boolean, nonceAttribute: string, script?: ClientScript): string {
  // Without a nonce, the constant parts come from start-up; the general ones give the same text. A
  // personal page needs no constant opening: a visitor's markup is kept (CheckedIdentity.page), and
  // a page that clears comes once per logout.
  const open =
    // Stryker disable next-line ConditionalExpression: see above
    nonceAttribute === '' && !personal
      ? DATA_BLOCK_OPEN
      : `${DATA_BLOCK_START}${personal ? NOT_KEPT : ''}${nonceAttribute}>`;
  if (script !== undefined) {
    const element =
      // Stryker disable next-line ConditionalExpression: see above
      nonceAttribute === '' ? script.element : `<script src="${script.src}" defer${nonceAttribute}></script>`;
    return json === '{}' ? element : `${open}${json}</script>${element}`;
  }
  const end =
    // Stryker disable next-line ConditionalExpression: see above
    nonceAttribute === '' ? DATA_BLOCK_END_AND_BOOTSTRAP : `</script><script${nonceAttribute}${BOOTSTRAP_ELEMENT_END}`;
  return `${open}${json}${end}`;
}
