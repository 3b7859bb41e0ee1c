// What app.use(chat) keeps for one request: the raw identity now, the token only when asked for.
import type { Request, Response } from 'express';
import { markPersonal } from './cache.js';
import { buildChatConfig } from './identity.js';
import type { ResolvedConfig } from './options.js';
import type { IdentifyResult, UseResponseChatConfig } from './types.js';

// Symbol.for: the ESM and CJS builds, if both get loaded, still share one request state.
const STATE = Symbol.for('express-useresponse.state');

type WithState = Response & { [STATE]?: ChatRequestState };

export class ChatRequestState {
  /** Set by `chat.logout()`: this response clears the chat and carries no identity. */
  loggingOut = false;
  /** The helper emits once per response. */
  rendered = false;
  private built = false;
  private config: UseResponseChatConfig | null = null;

  constructor(
    readonly options: ResolvedConfig,
    readonly req: Request,
    readonly res: Response,
    private readonly raw: IdentifyResult,
  ) {}

  /**
   * The chat config for this request; validates and hashes on first call only. Whoever reads an
   * identity may put it in the response, so the response is kept out of shared caches.
   */
  chatConfig(): UseResponseChatConfig | null {
    if (this.loggingOut) return null;
    if (!this.built) {
      this.built = true;
      this.config = buildChatConfig(this.raw, this.options.securityKey, this.options.logger);
    }
    if (this.config !== null) markPersonal(this.res);
    return this.config;
  }
}

export function getChatState(res: Response): ChatRequestState | undefined {
  return (res as WithState)[STATE];
}

export function setChatState(res: Response, state: ChatRequestState): void {
  (res as WithState)[STATE] = state;
}
