// chat.helpCenterLogin(): the site's External Login URL, which sends the visitor back signed in.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { markNoStore } from '../core/cache.js';
import { rejectUnknownKeys, UseResponseConfigError } from '../core/errors.js';
import {
  IDENTIFY_FAILED,
  IDENTIFY_TIMED_OUT,
  identifyFailed,
  readIdentity,
  timedOutWarning,
  type IdentitySource,
  type ReadIdentity,
} from '../core/identify.js';
import { quoteForLog, safeWarn } from '../core/logger.js';
import type { FieldNames } from '../core/properties.js';
import type { HelpCenterLoginOptions } from '../core/types.js';
import type { ResolvedHelpCenter } from './help-center-options.js';
import { returnUrlOnSite } from './help-center-url.js';
import { signedLink } from './sso-url.js';
import { usableVisitor } from './usable-visitor.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_PATH = /[\u0000-\u0020\u007f-\u009f\\]/;

const KNOWN_LOGIN_OPTIONS = { loginPath: true } as const satisfies Record<keyof HelpCenterLoginOptions, true>;

function resolveLoginPath(options: unknown): string {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTIONS',
      'chat.helpCenterLogin(options) takes an options object.',
    );
  }
  rejectUnknownKeys(options ?? {}, KNOWN_LOGIN_OPTIONS, 'option', ' of chat.helpCenterLogin()');
  const { loginPath = '/login' } = (options ?? {}) as HelpCenterLoginOptions;
  // A path on this site only: "//host" or "/\host" would make the login redirect an open one.
  if (
    typeof loginPath !== 'string' ||
    !loginPath.startsWith('/') ||
    loginPath.startsWith('//') ||
    UNSAFE_PATH.test(loginPath)
  ) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `loginPath` option of chat.helpCenterLogin() must be a path on your site starting with a single '/', such as '/login'.",
    );
  }
  // The way back is added at the end: after a fragment, the login page would never get it.
  if (loginPath.includes('#')) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `loginPath` option of chat.helpCenterLogin() must not have a fragment ('#'): the `next` parameter that brings the visitor back is added at its end. Use a path and an optional query, such as '/login?via=help-center'.",
    );
  }
  return loginPath;
}

/** Neither kept by a cache nor named in the next page's Referer: the answer may carry a credential. */
function credentialHeaders(res: Response): void {
  markNoStore(res);
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * Whether a script on the page asked (a boosted htmx link, a Turbo visit), not the browser itself.
 * Its fetch cannot follow a redirect to the help center's origin: htmx stalls, Turbo falls back to
 * a page load, and both send the signed link to the help center in a CORS preflight first.
 */
function fromPageScript(req: Request): boolean {
  return req.headers['hx-request'] === 'true' || req.headers['x-turbo-request-id'] !== undefined;
}

// Tells htmx (HX-Redirect) and Turbo (the meta) to load the same URL as a page; then the browser
// follows the redirect itself, and the signed link never reaches the page's script.
const LOAD_AS_PAGE = `<!doctype html><html><head><meta name="turbo-visit-control" content="reload"><title>Help center</title></head><body></body></html>`;

const TRY_AGAIN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cannot sign in to the help center right now</title></head><body><h1>Cannot sign in to the help center right now</h1><p>Your account could not be read. Please try again in a moment.</p></body></html>`;

const CANNOT_SIGN_IN = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cannot sign in to the help center</title></head><body><h1>Cannot sign in to the help center</h1><p>Your account is missing details the help center needs. Please contact the site's support team.</p></body></html>`;

const FAILED_CONSEQUENCE = 'no help-center link was made, and the visitor gets a page saying to try again';

/**
 * The handler for the path entered in UseResponse as External Login URL. `alreadyRead` gives what
 * app.use(chat), if it ran for this request with the same options, got from identify(), else
 * undefined.
 */
export function createHelpCenterLogin(
  helpCenter: ResolvedHelpCenter | undefined,
  source: IdentitySource,
  fieldNames: FieldNames,
  alreadyRead: (res: Response) => ReadIdentity | undefined,
  options?: HelpCenterLoginOptions,
): RequestHandler {
  if (helpCenter === undefined) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_HELP_CENTER',
      'chat.helpCenterLogin() needs the `helpCenter` option: useResponseChat({ helpCenter: { url, integrationDomain } }).',
    );
  }
  const loginPath = resolveLoginPath(options);
  const { logger } = source;
  const { site, key, returnParam } = helpCenter;

  function respond(req: Request, res: Response, raw: ReadIdentity): void {
    credentialHeaders(res);
    if (raw == null) {
      // After logging in, the site sends the visitor back here, and so on to the help center.
      const back = `next=${encodeURIComponent(req.originalUrl)}`;
      res.redirect(302, `${loginPath}${loginPath.includes('?') ? '&' : '?'}${back}`);
      return;
    }
    if (fromPageScript(req)) {
      // A single leading '/': "//host" would send htmx to another site.
      // Stryker disable next-line Regex: originalUrl starts with '/', so its first run of slashes is the leading one
      res.setHeader('HX-Redirect', `/${req.originalUrl.replace(/^[/\\]+/, '')}`);
      res.type('html').send(LOAD_AS_PAGE);
      return;
    }
    if (identifyFailed(raw)) {
      // A visitor who may well be logged in: sent to log in, they would come back to the same failure.
      res.status(503).type('html').send(TRY_AGAIN);
      return;
    }
    const visitor = usableVisitor(raw);
    if (typeof visitor === 'string') {
      safeWarn(logger, visitor);
      res.status(403).type('html').send(CANNOT_SIGN_IN);
      return;
    }
    // The query alone: a path no URL parser takes ("//[", on a handler mounted at the root) still signs in.
    const query = req.originalUrl.indexOf('?');
    // Stryker disable next-line ConditionalExpression,UnaryOperator: a path read as a query has no parameter of returnParam's name, since it starts with '/'
    const asked = query === -1 ? null : new URLSearchParams(req.originalUrl.slice(query + 1)).get(returnParam);
    let landing: string | undefined;
    if (asked !== null) {
      landing = returnUrlOnSite(asked, site);
      if (landing === undefined) {
        safeWarn(
          logger,
          `the return URL ${quoteForLog(asked)} is not on the help center's origin; the visitor lands on its home page.`,
        );
      }
    }
    // Not res.redirect(): it repeats the URL in the body, and this URL is a credential.
    res.statusCode = 302;
    res.setHeader('Location', signedLink(site, key, fieldNames, logger, visitor, landing));
    res.end();
  }

  return function useResponseHelpCenterLogin(req: Request, res: Response, next: NextFunction): void {
    // identify() may cost a trip to the user store: the visitor app.use(chat) read is reused. A
    // throw or a rejection is not: it is asked again (the store may be back), and its warning then
    // says what it means here. A timeout is not asked again, which would make the visitor wait as
    // long once more; only its warning is said again, for this route.
    const read = alreadyRead(res);
    if (read === IDENTIFY_TIMED_OUT) safeWarn(logger, timedOutWarning(source, FAILED_CONSEQUENCE));
    const raw = read === undefined || read === IDENTIFY_FAILED ? readIdentity(source, req, FAILED_CONSEQUENCE) : read;
    // Express passes on what a handler throws synchronously; after a promise, that is ours to do.
    if (raw instanceof Promise) raw.then((value) => respond(req, res, value)).catch(next);
    else respond(req, res, raw);
  };
}
