// chat.logout(): makes the browser clear the chat, on this page or on the next one after a redirect.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { setLogoutCookie } from './cookies.js';
import { getChatState } from './request-state.js';

/**
 * Middleware for the logout route, before the handler that logs the user out. A page rendered by
 * this route clears the chat at once; a redirect leaves a short-lived cookie for the next page that
 * calls the helper. No server memory is involved, so any instance can serve that next page.
 */
export function createLogoutMiddleware(): RequestHandler {
  return function useResponseLogout(req: Request, res: Response, next: NextFunction): void {
    const state = getChatState(res);
    if (state !== undefined) state.loggingOut = true;
    setLogoutCookie(req, res);
    next();
  };
}
