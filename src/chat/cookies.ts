// The chat's two cookies: the short-lived one that carries "clear the chat" from a logout redirect
// to the next page, and, with clearOnSessionEnd, the one that says this browser's chat was given a
// visitor. Each value is random and carries no information: it names one logout, or one visitor's
// session, so that the browser clears the chat once for it however many pages repeat the clear.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** Name of the logout cookie. */
export const LOGOUT_COOKIE = 'useresponse_clear';
/** How a Set-Cookie line for the logout cookie starts. */
const LOGOUT_LINE = `${LOGOUT_COOKIE}=`;
/** Long enough to survive a redirect chain and a slow page, short enough not to linger. */
export const LOGOUT_COOKIE_MAX_AGE_SECONDS = 600;
/** Name of the cookie clearOnSessionEnd sets on a page that names a visitor. */
export const IDENTIFIED_COOKIE = 'useresponse_identified';
/**
 * As long as browsers keep a cookie (Chrome caps Max-Age at 400 days): the chat's storage outlives
 * the browser's session, so a cookie that ended with it would let the next person see the chat.
 */
export const IDENTIFIED_COOKIE_MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

function attributes(req: Request): string {
  return `; Path=/; HttpOnly; SameSite=Lax${req.secure ? '; Secure' : ''}`;
}

/** Where the value of the cookie `name` starts in the Cookie header, or -1. Never throws. */
function findCookie(header: unknown, name: string): number {
  if (typeof header !== 'string') return -1;
  let at = header.indexOf(name);
  while (at !== -1) {
    const before = at === 0 ? ';' : header[at - 1];
    if ((before === ';' || before === ' ' || before === '\t') && header[at + name.length] === '=') {
      return at + name.length + 1;
    }
    at = header.indexOf(name, at + 1);
  }
  return -1;
}

/** Whether the request carries the cookie `name`. Reads the raw header; never throws. */
export function hasCookie(req: Request, name: string): boolean {
  return findCookie(req.headers.cookie, name) !== -1;
}

/** What a value the package wrote looks like (base64url); only such a value is copied into a page. */
const OWN_VALUE = /^[\w-]{1,64}$/;
/**
 * Stands for a value the package did not write (edited by hand, or from another app on the same
 * host): the page still clears, under this name.
 */
const OTHER_VALUE = '0';

/**
 * The value of the package's cookie `name` in the request, safe to write into a page's JSON as it
 * is: the one the package wrote, else {@link OTHER_VALUE}; undefined without the cookie.
 */
export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  const start = findCookie(header, name);
  if (start === -1) return undefined;
  const end = header!.indexOf(';', start);
  const value = header!.slice(start, end === -1 ? undefined : end);
  return OWN_VALUE.test(value) ? value : OTHER_VALUE;
}

/**
 * Whether the page in this response may never run: the browser asked for it ahead of a navigation
 * that may never come (Turbo 8 on a link's hover, X-Sec-Purpose; speculation rules and link
 * prefetch, Sec-Purpose, or Purpose in older browsers; htmx's preload extension, HX-Preloaded), or
 * asked with HEAD, which gets the headers and no page. Such a page clears the chat if it is shown,
 * but must not use up the logout cookie, which the page the visitor does open needs: htmx 2's
 * preload only warms the browser's cache, which keeps no page that clears, so that page is asked for
 * again.
 */
export function pageMayNeverRun(req: Request): boolean {
  const { headers } = req;
  const purpose: unknown = headers['sec-purpose'] ?? headers['x-sec-purpose'] ?? headers.purpose;
  return (
    (typeof purpose === 'string' && purpose.includes('prefetch')) ||
    headers['hx-preloaded'] === 'true' ||
    req.method === 'HEAD'
  );
}

/**
 * Sets one of the package's cookies to a new random value, which it returns; other Set-Cookie
 * headers are kept. 48 bits: two logouts in one browser get the same value with a chance of 1 in 2^48.
 */
function setOwnCookie(req: Request, res: Response, name: string, maxAgeSeconds: number): string {
  const value = randomBytes(6).toString('base64url');
  res.append('Set-Cookie', `${name}=${value}; Max-Age=${maxAgeSeconds}${attributes(req)}`);
  return value;
}

/**
 * Adds the logout cookie to a response and returns its value; other Set-Cookie headers (the
 * session's) are kept.
 */
export function setLogoutCookie(req: Request, res: Response): string {
  return setOwnCookie(req, res, LOGOUT_COOKIE, LOGOUT_COOKIE_MAX_AGE_SECONDS);
}

/** The Set-Cookie lines the response holds so far: Node keeps one as a string, several as an array. */
function setCookieLines(res: Response): string[] {
  const current = res.getHeader('Set-Cookie');
  if (current === undefined) return [];
  return Array.isArray(current) ? current : [String(current)];
}

/** Whether the response still sets the logout cookie: no page in it has cleared the chat. */
export function setsLogoutCookie(res: Response): boolean {
  // Not the line that expires it: `useresponse_clear=;`.
  return setCookieLines(res).some((cookie) => cookie.startsWith(LOGOUT_LINE) && cookie[LOGOUT_LINE.length] !== ';');
}

/** Expires the cookie `name`, which the browser sent; other Set-Cookie headers are kept. */
function expireCookie(req: Request, res: Response, name: string): void {
  res.append('Set-Cookie', `${name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${attributes(req)}`);
}

/**
 * clearOnSessionEnd's cookie after a response that gives the chat its visitor: set when the response
 * names one (`named`) and the browser lacks it; expired when the response tells the chat nobody is
 * there (`gone`) and the browser has it.
 */
export function followVisitor(req: Request, res: Response, browserHasIt: boolean, named: boolean, gone: boolean): void {
  if (named) {
    if (!browserHasIt) setOwnCookie(req, res, IDENTIFIED_COOKIE, IDENTIFIED_COOKIE_MAX_AGE_SECONDS);
  } else if (gone && browserHasIt) {
    expireCookie(req, res, IDENTIFIED_COOKIE);
  }
}

/**
 * Once a page has cleared the chat: drop a logout cookie this same response was about to set, and
 * expire the one the browser sent.
 */
export function consumeLogoutCookie(req: Request, res: Response, browserHasIt: boolean): void {
  // An empty list sends no Set-Cookie line at all.
  res.setHeader(
    'Set-Cookie',
    setCookieLines(res).filter((cookie) => !cookie.startsWith(LOGOUT_LINE)),
  );
  if (browserHasIt) expireCookie(req, res, LOGOUT_COOKIE);
}
