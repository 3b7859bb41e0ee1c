// What app.use(chat) keeps for one request: the raw identity now, the token only when asked for.
import type { Request, Response } from 'express';
import { markPersonal } from '../core/cache.js';
import { buildChatConfig } from './chat-config.js';
import type { ResolvedConfig } from './options.js';
import type { IdentifyResult, UseResponseChatConfig } from '../core/types.js';

// Symbol.for: the ESM and CJS builds, if both get loaded, still share one request state.
const STATE = Symbol.for('express-useresponse.state');

/** The helper carries its request's state, so res.locals gains no key beyond the two it documents. */
type Helper = (() => string) & { [STATE]?: ChatRequestState };
type LocalsWithState = Record<PropertyKey, unknown> & { useresponseChat?: Helper };

export class ChatRequestState {
  /** Set by `chat.logout()`: this response clears the chat and carries no identity. */
  loggingOut = false;
  /** The helper emits once per response. */
  rendered = false;
  private built = false;
  private config: UseResponseChatConfig | null = null;
  private markedPersonal = false;

  constructor(
    readonly options: ResolvedConfig,
    readonly req: Request,
    readonly res: Response,
    private readonly raw: IdentifyResult,
  ) {}

  /** identify() found no visitor. */
  get anonymous(): boolean {
    return this.raw == null;
  }

  /**
   * The chat config for this request; validates and hashes on first call only. Whoever reads an
   * identity may put it in the response, so the response is kept out of shared caches.
   */
  chatConfig(): UseResponseChatConfig | null {
    if (this.loggingOut) return null;
    if (!this.built) {
      this.built = true;
      this.config = buildChatConfig(this.raw, this.options.tokenFor, this.options.customFields, this.options.logger);
    }
    if (this.config !== null && !this.markedPersonal) {
      // res.render reads the config once per spread of the locals, the helper once more.
      this.markedPersonal = true;
      markPersonal(this.res);
    }
    return this.config;
  }
}

export function getChatState(res: Response): ChatRequestState | undefined {
  return (res.locals as LocalsWithState).useresponseChat?.[STATE];
}

/*
 * One shared accessor for every request: a getter, so a request that never reads the config (a
 * JSON route) never pays for the hash, and shared, because defining a fresh closure getter on
 * Express's null-prototype res.locals costs several times more. Not enumerable: res.render copies
 * every enumerable key of res.locals into the template's data, which would run it (hash, headers)
 * for a page that never shows the chat. Templates call the helper; route code reads the config.
 */
const CONFIG_PROPERTY: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: LocalsWithState): UseResponseChatConfig | null {
    return this.useresponseChat?.[STATE]?.chatConfig() ?? null;
  },
  set(this: LocalsWithState, value: unknown): void {
    // An app may still assign its own value, which templates then see as usual.
    Object.defineProperty(this, 'useresponse', { configurable: true, enumerable: true, writable: true, value });
  },
};

/*
 * Express makes res.locals with a null prototype: giving it this one puts the getter in place for
 * the price of a prototype change, cheaper than defining an accessor on every request's locals.
 */
const LOCALS_PROTOTYPE = Object.create(null, { useresponse: CONFIG_PROPERTY }) as object;

/** Puts the request's state, the config and the helper on res.locals. */
export function attachChatState(res: Response, state: ChatRequestState, helper: () => string): void {
  // Not on res: a new property on every ServerResponse would change its shape. Not as a key of
  // res.locals either: every key there is copied again by each res.render.
  (helper as Helper)[STATE] = state;
  const locals = res.locals as LocalsWithState;
  locals.useresponseChat = helper;
  const prototype = Object.getPrototypeOf(locals) as unknown;
  if (prototype === LOCALS_PROTOTYPE) return;
  // An app's own locals object (with Object.prototype, say) keeps its prototype.
  if (prototype === null) {
    Object.setPrototypeOf(locals, LOCALS_PROTOTYPE);
  } else {
    Object.defineProperty(locals, 'useresponse', CONFIG_PROPERTY);
  }
}
