// useResponseChat(): the factory that validates options once and returns the per-request middleware.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { autoIncludeInto, isPathIncluded } from './auto-include.js';
import { BOOTSTRAP_CSP_HASH } from './bootstrap.generated.js';
import { createClientScriptHandler } from './client-script.js';
import { createConfigHandler } from './config-handler.js';
import { cspDirectivesFor } from './csp.js';
import { UseResponseConfigError } from '../core/errors.js';
import { renderChat } from './helper.js';
import { readIdentity, type ReadIdentity } from '../core/identify.js';
import { createHelpCenterLogin } from '../help-center/login-handler.js';
import { createLogoutMiddleware } from './logout.js';
import { resolveOptions, type ResolvedConfig } from './options.js';
import { attachChatState, ChatRequestState, ownChatState } from './request-state.js';
import type { HelpCenterLoginOptions, UseResponseChat, UseResponseOptions } from '../core/types.js';

function looksLikeRequest(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'headers' in value && 'method' in value && 'url' in value;
}

/**
 * One of chat's handler factories, which explains itself when given to Express uncalled
 * (`app.use(chat.clientScript)`): Express would call it with a request, and the request would wait
 * for a `next()` that never comes. The error reaches the app's error handler.
 */
function hook<A extends unknown[]>(name: string, make: (...args: A) => RequestHandler): (...args: A) => RequestHandler {
  return (...args) => {
    if (looksLikeRequest(args[0])) {
      throw new UseResponseConfigError(
        'ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE',
        `chat.${name} was given to Express itself. Call it to create the handler: chat.${name}().`,
      );
    }
    return make(...args);
  };
}

function attach(config: ResolvedConfig, req: Request, res: Response, raw: ReadIdentity): void {
  const state = new ChatRequestState(config, req, res, raw);
  attachChatState(res, state, function useresponseChat(): string {
    return renderChat(state);
  });
  if (config.autoInclude && isPathIncluded(req, config.excludePaths)) autoIncludeInto(state, res);
}

/**
 * Creates the middleware: `app.use(useResponseChat(options))`. Validates every option now and throws
 * {@link UseResponseConfigError} for a bad one.
 */
export function useResponseChat(options?: UseResponseOptions): UseResponseChat {
  // app.use(useResponseChat) makes Express call the factory with (req, res, next).
  if (looksLikeRequest(options)) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE',
      'useResponseChat was given to app.use() itself. Call it to create the middleware: ' +
        'const chat = useResponseChat({ ... }); app.use(chat) — or app.use(useResponseChat()).',
    );
  }
  const config = resolveOptions(options);
  const readByThisChat = (res: Response): ReadIdentity | undefined => {
    const state = ownChatState(res, config);
    return state === undefined ? undefined : (state.rawIdentity ?? null);
  };

  const chat = function useResponseChatMiddleware(req: Request, res: Response, next: NextFunction): void {
    // app.use(chat()): called by the app at start-up rather than by Express per request.
    if (req === undefined) {
      throw new UseResponseConfigError(
        'ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE',
        'The chat middleware was called with no request. Give it to Express as it is: app.use(chat), not app.use(chat()).',
      );
    }
    const raw = readIdentity(config, req);
    if (!(raw instanceof Promise)) {
      attach(config, req, res, raw);
      next();
      return;
    }
    void raw.then((value) => {
      // Express passes on what a middleware throws synchronously; after a promise, that is ours to do.
      try {
        attach(config, req, res, value);
      } catch (error) {
        next(error);
        return;
      }
      next();
    });
  } as UseResponseChat;

  chat.logout = hook('logout', () => createLogoutMiddleware(config.logger));
  chat.configHandler = hook('configHandler', () => createConfigHandler(config, chat));
  Object.defineProperty(chat, 'cspScriptHash', { value: BOOTSTRAP_CSP_HASH, enumerable: true });
  chat.cspDirectives = () => cspDirectivesFor(config.widget);
  chat.clientScript = hook('clientScript', () => createClientScriptHandler(config.clientScript));
  chat.helpCenterLogin = hook('helpCenterLogin', (loginOptions?: HelpCenterLoginOptions) =>
    createHelpCenterLogin(config.helpCenter, config, config.customFields, readByThisChat, loginOptions),
  );
  return chat;
}
