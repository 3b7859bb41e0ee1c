// The chat's two cookies: the short-lived one that carries "clear the chat" from a logout redirect
// to the next page, and, with clearOnSessionEnd, the one that says this browser's chat was given a
// visitor. Neither value carries information.
import type { Request, Response } from 'express';

/** Name of the logout cookie. */
export const LOGOUT_COOKIE = 'useresponse_clear';
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

/** Whether the request carries the cookie `name`. Reads the raw header; never throws. */
export function hasCookie(req: Request, name: string): boolean {
  const header: unknown = req.headers.cookie;
  if (typeof header !== 'string') return false;
  let at = header.indexOf(name);
  while (at !== -1) {
    const before = at === 0 ? ';' : header[at - 1];
    if ((before === ';' || before === ' ' || before === '\t') && header[at + name.length] === '=') {
      return true;
    }
    at = header.indexOf(name, at + 1);
  }
  return false;
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

/** Sets one of the package's cookies, which only say `1`; other Set-Cookie headers are kept. */
function setFlagCookie(req: Request, res: Response, name: string, maxAgeSeconds: number): void {
  res.append('Set-Cookie', `${name}=1; Max-Age=${maxAgeSeconds}${attributes(req)}`);
}

/** Adds the logout cookie to a response; other Set-Cookie headers (the session's) are kept. */
export function setLogoutCookie(req: Request, res: Response): void {
  setFlagCookie(req, res, LOGOUT_COOKIE, LOGOUT_COOKIE_MAX_AGE_SECONDS);
}

/** The Set-Cookie lines the response holds so far: Node keeps one as a string, several as an array. */
function setCookieLines(res: Response): string[] {
  const current = res.getHeader('Set-Cookie');
  if (current === undefined) return [];
  return Array.isArray(current) ? current : [String(current)];
}

/** Whether the response still sets the logout cookie: no page in it has cleared the chat. */
export function setsLogoutCookie(res: Response): boolean {
  return setCookieLines(res).some((cookie) => cookie.startsWith(`${LOGOUT_COOKIE}=1;`));
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
    if (!browserHasIt) setFlagCookie(req, res, IDENTIFIED_COOKIE, IDENTIFIED_COOKIE_MAX_AGE_SECONDS);
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
    setCookieLines(res).filter((cookie) => !cookie.startsWith(`${LOGOUT_COOKIE}=`)),
  );
  if (browserHasIt) expireCookie(req, res, LOGOUT_COOKIE);
}
