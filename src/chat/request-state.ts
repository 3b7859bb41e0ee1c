// What app.use(chat) keeps for one request: the raw identity now, the token only when asked for.
import { inspect } from 'node:util';
import type { Request, Response } from 'express';
import { markPersonal } from '../core/cache.js';
import type { CheckedIdentity } from './checked-identities.js';
import { identifyFailed, type ReadIdentity } from '../core/identify.js';
import type { ResolvedConfig } from './options.js';
import type { UseResponseChatConfig } from '../core/types.js';

// Symbol.for: the ESM and CJS builds, if both get loaded, still share one request state.
const STATE = Symbol.for('express-useresponse.state');

/** The helper carries its request's state, so res.locals gains no key beyond the two it documents. */
type Helper = (() => string) & { [STATE]?: ChatRequestState };
type LocalsWithState = Record<PropertyKey, unknown> & { useresponseChat?: Helper };

export class ChatRequestState {
  /**
   * Set by `chat.logout()` to the value of the logout cookie it sets: this response clears the chat,
   * under that value, and carries no identity.
   */
  loggingOut: string | false = false;
  /** The helper emits once per response. */
  rendered = false;
  private built = false;
  private identity: CheckedIdentity | null = null;
  private markedPersonal = false;

  constructor(
    readonly options: ResolvedConfig,
    readonly req: Request,
    readonly res: Response,
    private readonly raw: ReadIdentity,
  ) {}

  /**
   * What util.inspect shows (console.dir(res.locals, { depth: null }) reaches this through the
   * helper): not the options, which hold the key, the help center's signing material and other
   * visitors' tokens, nor req and res.
   */
  [inspect.custom](): string {
    return `ChatRequestState { loggingOut: ${this.loggingOut !== false}, rendered: ${this.rendered} }`;
  }

  /** Whether identify() threw, rejected or timed out: the visitor is unknown, not anonymous. */
  get identifyFailed(): boolean {
    return identifyFailed(this.raw);
  }

  /** Whether identify() said nobody is logged in (null or undefined): neither failed nor a visitor. */
  get anonymous(): boolean {
    return this.raw === null || this.raw === undefined;
  }

  /** What identify() gave for this request, unchecked. */
  get rawIdentity(): ReadIdentity {
    return this.raw;
  }

  /** The chat config for this request, or null. */
  chatConfig(): UseResponseChatConfig | null {
    return this.checkedIdentity()?.config ?? null;
  }

  /**
   * The visitor's config and its JSON; checked on first call only. Whoever reads an identity may
   * put it in the response, so the response is kept out of shared caches.
   */
  checkedIdentity(): CheckedIdentity | null {
    if (this.loggingOut !== false) return null;
    if (!this.built) {
      this.built = true;
      // A page renders without the identity, as for an anonymous visitor.
      this.identity = identifyFailed(this.raw) ? null : this.options.identities.check(this.raw);
    }
    if (this.identity !== null && !this.markedPersonal) {
      // res.render reads the config once per spread of the locals, the helper once more.
      // Stryker disable next-line BooleanLiteral: marking again sets the same headers (res.vary does not repeat Cookie, and the omitted ETag is already set)
      this.markedPersonal = true;
      markPersonal(this.res);
    }
    return this.identity;
  }
}

export function getChatState(res: Response): ChatRequestState | undefined {
  return (res.locals as LocalsWithState).useresponseChat?.[STATE];
}

/**
 * The state app.use(chat) attached for these options. Another useResponseChat() on the same request
 * (another key, another identify) read its own visitor, not theirs.
 */
export function ownChatState(res: Response, options: ResolvedConfig): ChatRequestState | undefined {
  const state = getChatState(res);
  return state?.options === options ? state : undefined;
}

/*
 * One shared accessor for every request: a getter, so a request that never reads the config (a
 * JSON route) never pays for the hash. Not enumerable: res.render copies every enumerable key of
 * res.locals into the template's data, which would run it (hash, headers) for a page that never
 * shows the chat. Templates call the helper; route code reads the config.
 */
const CONFIG_PROPERTY: PropertyDescriptor = {
  configurable: true,
  enumerable: false,
  get(this: LocalsWithState): UseResponseChatConfig | null {
    return this.useresponseChat?.[STATE]?.chatConfig() ?? null;
  },
  set(this: LocalsWithState, value: unknown): void {
    // An app may still assign its own value, which templates then see as usual.
    Object.defineProperty(this, 'useresponse', {
      // Stryker disable next-line BooleanLiteral: once defined it is writable data, which later assignments never redefine
      configurable: true,
      enumerable: true,
      writable: true,
      value,
    });
  },
};

/*
 * Express makes res.locals a null-prototype object, which V8 keeps in dictionary mode: defining an
 * accessor on it, or changing its prototype, costs about 2k instructions per request. A new object
 * whose prototype holds the getter costs a fraction of that, and as an ordinary fast object it
 * makes each later write and res.render's copy cheaper too (see BENCHMARKS.md).
 */
const LOCALS_PROTOTYPE = Object.create(null, { useresponse: CONFIG_PROPERTY }) as object;

/** Puts the request's state, the config and the helper on res.locals. */
export function attachChatState(res: Response, state: ChatRequestState, helper: () => string): void {
  // Not on res: a new property on every ServerResponse would change its shape. Not as a key of
  // res.locals either: every key there is copied again by each res.render.
  (helper as Helper)[STATE] = state;
  let locals = res.locals as LocalsWithState;
  const prototype = Object.getPrototypeOf(locals) as unknown;
  // Stryker disable next-line ConditionalExpression: the defineProperty path below gives Express's own object the same getter, at a higher cost per request
  if (prototype === null) {
    // Express's own object: replaced by one with the same keys. Code that kept a reference to the
    // old object must read res.locals again (documented in the README).
    // A for-in loop, then the symbols: about 1k instructions fewer than Object.assign from a dictionary.
    const fresh = Object.create(LOCALS_PROTOTYPE) as LocalsWithState;
    for (const key in locals) fresh[key] = locals[key];
    for (const symbol of Object.getOwnPropertySymbols(locals)) fresh[symbol] = locals[symbol];
    locals = fresh;
    res.locals = locals as Response['locals'];
  } else if (
    // Stryker disable next-line ConditionalExpression: an own getter on an object that inherits the same one behaves the same
    prototype !== LOCALS_PROTOTYPE
  ) {
    // An app's own locals object (with Object.prototype, say) keeps its identity and prototype.
    Object.defineProperty(locals, 'useresponse', CONFIG_PROPERTY);
  }
  locals.useresponseChat = helper;
}
