// chat.logout(): makes the browser clear the chat, on this page or on the next one after a redirect.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markPersonal } from '../core/cache.js';
import { safeWarn } from '../core/logger.js';
import type { UseResponseLogger } from '../core/types.js';
import { LOGOUT_COOKIE, setLogoutCookie, setsLogoutCookie } from './cookies.js';
import { getChatState } from './request-state.js';

/** Whether a Clear-Site-Data header makes the browser drop the site's cookies: "cookies" or "*". */
function clearsCookies(header: number | string | string[] | undefined): boolean {
  return /"(?:cookies|\*)"/.test(Array.isArray(header) ? header.join(',') : String(header));
}

/**
 * Middleware for the logout route, before the handler that logs the user out. A page rendered by
 * this route clears the chat at once; a redirect leaves a short-lived cookie for the next page that
 * calls the helper. No server memory is involved, so any instance can serve that next page. The
 * response is marked as a personal one, never stored.
 */
export function createLogoutMiddleware(logger: UseResponseLogger): RequestHandler {
  return function useResponseLogout(req: Request, res: Response, next: NextFunction): void {
    const state = getChatState(res);
    const value = setLogoutCookie(req, res);
    if (state !== undefined) state.loggingOut = value;
    // Answered from a stored copy, the next logout would never reach the app (the session would
    // live on), and a CDN's copy would hand this visitor's cookies to others.
    markPersonal(res);
    // A logout often sends Clear-Site-Data, set by the handler after this one. With "cookies" the
    // browser drops the logout cookie from the same response too, and the next page cannot clear
    // the chat; only a page in this response, which clears at once, needs no cookie.
    res.once('finish', () => {
      if (clearsCookies(res.getHeader('Clear-Site-Data')) && setsLogoutCookie(res)) {
        safeWarn(
          logger,
          `this logout's response sends Clear-Site-Data with "cookies" (or "*"), so the browser also drops the ${LOGOUT_COOKIE} cookie set with it, and the next page cannot clear the chat. ` +
            'Render the logout page with the helper (it clears the chat at once), or send Clear-Site-Data from the page the logout redirects to.',
        );
      }
    });
    next();
  };
}
