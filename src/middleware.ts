// useResponseChat(): the factory that validates options once and returns the per-request middleware.
import type { NextFunction, Request, Response } from 'express';
import { autoIncludeInto, isPathIncluded } from './auto-include.js';
import { BOOTSTRAP_CSP_HASH } from './bootstrap.js';
import { createConfigHandler } from './config-handler.js';
import { cspDirectivesFor } from './csp.js';
import { UseResponseConfigError } from './errors.js';
import { renderChat } from './helper.js';
import { describeError, safeWarn } from './logger.js';
import { createLogoutMiddleware } from './logout.js';
import { resolveOptions, type ResolvedConfig } from './options.js';
import { attachChatState, ChatRequestState } from './request-state.js';
import type { IdentifyResult, UseResponseChat, UseResponseOptions } from './types.js';

function isPromiseLike(value: unknown): value is PromiseLike<IdentifyResult> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

function looksLikeRequest(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'headers' in value && 'method' in value && 'url' in value;
}

/** Settles an async identify() within the timeout; failures and timeouts become "anonymous" with a warning. */
function settleIdentity(pending: PromiseLike<IdentifyResult>, config: ResolvedConfig): Promise<IdentifyResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      safeWarn(
        config.logger,
        `identify() did not settle within ${config.identifyTimeoutMs} ms; the page renders without the chat identity.`,
      );
      resolve(null);
    }, config.identifyTimeoutMs);
    Promise.resolve(pending).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        safeWarn(
          config.logger,
          `identify() rejected with ${describeError(error)}; the page renders without the chat identity.`,
        );
        resolve(null);
      },
    );
  });
}

function attach(config: ResolvedConfig, req: Request, res: Response, raw: IdentifyResult): void {
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
  if (arguments.length > 1 || looksLikeRequest(options)) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE',
      'useResponseChat was given to app.use() itself. Call it to create the middleware: ' +
        'const chat = useResponseChat({ ... }); app.use(chat) — or app.use(useResponseChat()).',
    );
  }
  const config = resolveOptions(options);

  const chat = function useResponseChatMiddleware(req: Request, res: Response, next: NextFunction): void {
    let raw: IdentifyResult | PromiseLike<IdentifyResult>;
    try {
      raw = config.identify(req);
    } catch (error) {
      safeWarn(config.logger, `identify() threw ${describeError(error)}; the page renders without the chat identity.`);
      raw = null;
    }
    if (!isPromiseLike(raw)) {
      attach(config, req, res, raw);
      next();
      return;
    }
    void settleIdentity(raw, config).then((value) => {
      attach(config, req, res, value);
      next();
    });
  } as UseResponseChat;

  chat.logout = createLogoutMiddleware;
  chat.configHandler = () => createConfigHandler(config, chat);
  Object.defineProperty(chat, 'cspScriptHash', { value: BOOTSTRAP_CSP_HASH, enumerable: true });
  chat.cspDirectives = () => cspDirectivesFor(config.widget);
  return chat;
}
