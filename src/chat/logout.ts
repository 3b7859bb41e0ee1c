// chat.logout(): makes the browser clear the chat, on this page or on the next one after a redirect.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markPersonal } from '../core/cache.js';
import { setLogoutCookie } from './cookies.js';
import { getChatState } from './request-state.js';

/**
 * Middleware for the logout route, before the handler that logs the user out. A page rendered by
 * this route clears the chat at once; a redirect leaves a short-lived cookie for the next page that
 * calls the helper. No server memory is involved, so any instance can serve that next page. The
 * response is marked as a personal one, never stored.
 */
export function createLogoutMiddleware(): RequestHandler {
  return function useResponseLogout(req: Request, res: Response, next: NextFunction): void {
    const state = getChatState(res);
    if (state !== undefined) state.loggingOut = true;
    setLogoutCookie(req, res);
    // Answered from a stored copy, the next logout would never reach the app (the session would
    // live on), and a CDN's copy would hand this visitor's cookies to others.
    markPersonal(res);
    next();
  };
}
