// Public types: the options, what identify() returns, the chat config, and res.locals.
import type { Request, RequestHandler, Response } from 'express';

/** What `identify(req)` returns for a signed-in visitor. */
export interface UseResponseIdentity {
  /**
   * Your user's stable id, for the help center's Single Sign-On (UseResponse matches accounts by it).
   * The chat ignores it. The default `identify` reads `req.user.id`.
   */
  id?: string | number | null;
  /** The visitor's email. Trimmed of surrounding whitespace, then hashed and sent as is. */
  email: string;
  /** Shown to chat operators as the visitor's name. */
  name?: string | null;
  /**
   * UseResponse custom fields: `property_<id>: value`, or `name: value` for a name in the
   * `customFields` option. Any other key is dropped with a warning. Strings pass as given, numbers,
   * booleans and bigints become strings, null and undefined are dropped; objects, functions and
   * non-finite numbers are dropped with a warning.
   */
  properties?: Record<string, unknown> | null;
}

/**
 * The argument of `UR.userConfig(...)`, as found on `res.locals.useresponse`. Frozen: a returning
 * visitor's requests share one checked config, and the token is only valid for this email.
 */
export interface UseResponseChatConfig {
  /** `computeToken(securityKey, userEmail)`. */
  readonly token: string;
  readonly userEmail: string;
  /** Absent when the visitor has no name. */
  readonly userName?: string;
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * Where the package sends warnings about bad user data or configuration found during a request.
 * `warn` may be async; neither its throw nor its rejection ever reaches a page or the process.
 */
export interface UseResponseLogger {
  warn(message: string): void | PromiseLike<unknown>;
}

export type IdentifyResult = UseResponseIdentity | null | undefined;

export interface UseResponseOptions {
  /**
   * UseResponse's Single Sign-On "Security Key". Secret: it never reaches a page, a log or an error.
   * @default process.env.USERESPONSE_SECURITY_KEY
   */
  securityKey?: string;
  /**
   * The SDK URL from your UseResponse widget code,
   * `https://HOST/public/sdk/chat-uriid_<40 hex>-<n>.js` (or `//HOST/...`). Without it the helper
   * emits only the identity part, for pages that already carry UseResponse's own widget code.
   * @default process.env.USERESPONSE_WIDGET_SRC
   */
  widgetSrc?: string;
  /**
   * Who the visitor is. Return null or undefined for an anonymous visitor. May be async.
   * @default reads `req.user`: `email`, and the first string of `name`, `displayName`, `username`
   */
  identify?: (req: Request) => IdentifyResult | Promise<IdentifyResult>;
  /**
   * Receives warnings: bad user data, a failing `identify`, an unusable nonce.
   * @default writes to `console.warn`
   */
  logger?: UseResponseLogger;
  /**
   * The page's CSP nonce. Only base64/base64url values are emitted.
   * @default (req, res) => res.locals.cspNonce
   */
  nonce?: (req: Request, res: Response) => string | null | undefined;
  /**
   * Also call `UR.clearChatStorage()` on `pagehide`, as UseResponse suggests for sites that want
   * no chat session to outlive a page. `pagehide` also fires when following a link.
   * @default false
   */
  clearOnPageClose?: boolean;
  /**
   * Also clear the chat when a session ends without a logout (it expired, or ended with the
   * browser): a page that names a visitor sets a cookie `useresponse_identified`, and the next
   * anonymous page that calls the helper in that browser clears the chat and expires it. Without
   * it, the chat keeps showing the last visitor's conversation on the anonymous pages that follow.
   * @default false
   */
  clearOnSessionEnd?: boolean;
  /**
   * How long an async `identify` may take before the page renders as anonymous (a warning is logged).
   * @default 1000
   */
  identifyTimeoutMs?: number;
  /**
   * Insert the helper's output before the last `</body>` of HTML responses, with no template
   * change. Only for 2xx `text/html` responses to GET requests sent with `res.send` or `res.render`,
   * and never to a page that already called the helper or set `res.locals.useresponseSkip = true`.
   * @default false
   */
  autoInclude?: boolean;
  /**
   * Paths where `autoInclude` does nothing: a string matches that path and everything under it
   * (`'/admin'` matches `/admin` and `/admin/users`) in any case, as Express routes them; a RegExp
   * is tested against the path as it is.
   * @default []
   */
  excludePaths?: ReadonlyArray<string | RegExp>;
  /**
   * Readable names for UseResponse custom fields (Administration » Custom Fields » Users), name to
   * field id: with `{ plan: 172 }`, `identify` may return `properties: { plan: 'pro' }` and the chat
   * gets `property_172: 'pro'`. `property_<id>` keys always pass as they are.
   * @default {}
   */
  customFields?: Readonly<Record<string, number>>;
  /**
   * Your UseResponse help center, for its Single Sign-On (the OneLogin method) through
   * `chat.helpCenterLogin()`. Leave it unset if you only use the chat.
   */
  helpCenter?: HelpCenterOptions;
  /**
   * Serve the bootstrap as an external file under this path (`/useresponse` gives
   * `/useresponse/client.<hash>.js`, cached for a year) instead of inline: mount
   * `app.use(chat.clientScript())`. A CSP with `script-src 'self'` then needs no nonce or hash. The
   * widget URL is written into the file, so a page carries one short script element and, when there
   * is a visitor or a logout, the data block.
   * @default unset: the bootstrap is inline
   */
  clientScript?: string;
}

/** The `helpCenter` option: where the help center is and what UseResponse calls your site. */
export interface HelpCenterOptions {
  /** The help center's address, `https://support.example.com` (plain http only for localhost), with an optional base path. */
  url: string;
  /** UseResponse's "Integration Domain" from the OneLogin settings, such as `example.com`. */
  integrationDomain: string;
  /**
   * The query parameter of the External Login URL that says where on the help center to return.
   * @default 'redirect'
   */
  returnParam?: string;
}

/** Options of `chat.helpCenterLogin()`. */
export interface HelpCenterLoginOptions {
  /**
   * Your site's login page: a path on your site, with an optional query and no fragment. An
   * anonymous visitor is sent there with `?next=<the External Login URL>`.
   * @default '/login'
   */
  loginPath?: string;
}

/** Sources to add to helmet's CSP directives for the widget (its origin), from `chat.cspDirectives()`. */
export interface UseResponseCspDirectives {
  scriptSrc: string[];
  connectSrc: string[];
  frameSrc: string[];
  imgSrc: string[];
  styleSrc: string[];
}

/** What `chat.configHandler()` responds with, for single-page apps. */
export interface UseResponseClientConfig {
  /** The SDK URL to load, or null when the page carries UseResponse's own widget code. */
  widgetSrc: string | null;
  /** The argument for `UR.userConfig`, or null for an anonymous visitor. */
  identity: UseResponseChatConfig | null;
}

/** The middleware returned by `useResponseChat()`, with the hooks that go with it. */
export interface UseResponseChat extends RequestHandler {
  /** Middleware for the logout route, placed before the handler that logs the user out. */
  logout(): RequestHandler;
  /**
   * A handler that answers with this visitor's {@link UseResponseClientConfig} as JSON
   * (`Cache-Control: no-store`), or a 503 when `identify` throws, rejects or times out.
   */
  configHandler(): RequestHandler;
  /** The `'sha256-…'` CSP source of the helper's bootstrap script, which is the same on every page. */
  readonly cspScriptHash: string;
  /** The widget's origin for each CSP directive it needs; empty lists without `widgetSrc`. */
  cspDirectives(): UseResponseCspDirectives;
  /**
   * The handler for your help center's External Login URL: an identified visitor is redirected (302,
   * `no-store`) to the help center with a signed link; an anonymous one to `loginPath`; when
   * `identify` fails, the visitor gets a 503 page. Needs the `helpCenter` option.
   */
  helpCenterLogin(options?: HelpCenterLoginOptions): RequestHandler;
  /**
   * Serves the bootstrap, with the widget URL in it, at `<clientScript>/client.<hash>.js` with
   * `Cache-Control: public, max-age=31536000, immutable`: `app.use(chat.clientScript())`. Needs the
   * `clientScript` option.
   */
  clientScript(): RequestHandler;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      // Not optional: an app that imports the package mounts it, and templates call the helper as is.
      /** This request's chat config: null for an anonymous visitor. Set by `app.use(chat)`. */
      useresponse: UseResponseChatConfig | null;
      /** The view helper: returns the chat's HTML for this page. EJS: `<%- useresponseChat() %>`. */
      useresponseChat: () => string;
      /** Set to true to keep `autoInclude` out of this response. */
      useresponseSkip?: boolean;
    }
  }
}
