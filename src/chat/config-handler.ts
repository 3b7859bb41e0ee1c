// chat.configHandler(): the visitor's chat config as JSON, for single-page apps.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markNoStore, omitETag } from '../core/cache.js';
import { quoteForLog, safeWarn } from '../core/logger.js';
import { followVisitor, hasCookie, IDENTIFIED_COOKIE } from './cookies.js';
import type { ResolvedConfig } from './options.js';
import { getChatState, ownChatState, type ChatRequestState } from './request-state.js';
import type { UseResponseClientConfig } from '../core/types.js';

/** Every answer, the refusal included: `no-store`, so nothing could revalidate an ETag. */
function sendUncached(res: Response, body: unknown): void {
  markNoStore(res);
  omitETag(res);
  res.json(body);
}

/** Answers with `{ widgetSrc, identity }`; runs the chat middleware first if the app did not mount it. */
export function createConfigHandler(config: ResolvedConfig, chat: RequestHandler): RequestHandler {
  function respond(res: Response, state: ChatRequestState): void {
    if (state.identifyFailed) {
      // Not "nobody": the module would clear a logged-in visitor's chat. It rejects on this instead.
      sendUncached(res.status(503), { error: 'identity unavailable' });
      return;
    }
    const identity = state.chatConfig();
    // The module clears a chat it gave a visitor when told nobody is there.
    if (config.clearOnSessionEnd)
      followVisitor(state.req, res, hasCookie(state.req, IDENTIFIED_COOKIE), identity !== null, state.anonymous);
    const body: UseResponseClientConfig = { widgetSrc: config.widget?.src ?? null, identity };
    sendUncached(res, body);
  }
  return function useResponseConfigHandler(req: Request, res: Response, next: NextFunction): void {
    // The answer holds the visitor's token. Browsers say which site asked; another site never needs
    // it, and an app whose CORS setup reflects any origin with credentials would let it read it.
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      const origin = req.headers.origin;
      safeWarn(
        config.logger,
        `chat.configHandler() refused a cross-site request${typeof origin === 'string' ? ` from ${quoteForLog(origin)}` : ''}: the config holds the visitor's token, so only pages of your own site may fetch it.`,
      );
      sendUncached(res.status(403), { error: 'cross-site request refused' });
      return;
    }
    const mounted = ownChatState(res, config);
    // Stryker disable next-line ConditionalExpression,BlockStatement: as false, running the chat middleware again for this request gives the same config (as true, the tests of another chat's state and of no state kill it)
    if (mounted !== undefined) {
      respond(res, mounted);
      return;
    }
    void chat(req, res, (error?: unknown) => {
      if (error !== undefined) {
        next(error);
        return;
      }
      // After an async identify this runs in a promise's callback, where a throw would reach nobody.
      try {
        // Set: the chat middleware has just attached it.
        respond(res, getChatState(res)!);
      } catch (thrown) {
        next(thrown);
      }
    });
  };
}
