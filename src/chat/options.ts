// Validates the options once, at start-up, into the resolved config the middleware runs on.
import type { Request, Response } from 'express';
import { optionTypeError, rejectUnknownKeys, UseResponseConfigError } from '../core/errors.js';
import { resolveCustomFields } from '../core/custom-fields.js';
import { resolveSecurityKey } from '../core/security-key.js';
import { identifyFromReqUser } from '../core/identity.js';
import { consoleLogger } from '../core/logger.js';
import type { FieldNames } from '../core/properties.js';
import { makeClientScript, parseClientScriptBase, type ClientScript } from './client-script.js';
import { resolveHelpCenter, type ResolvedHelpCenter } from '../help-center/help-center-options.js';
import type { IdentifyResult, UseResponseLogger, UseResponseOptions } from '../core/types.js';
import { parseWidgetSrc, type WidgetSource } from './widget-src.js';
import { cachedTokens } from './token.js';
import { CheckedIdentities } from './checked-identities.js';

/** Options after validation and defaults: what each request reads. */
export interface ResolvedConfig {
  readonly securityKey: string;
  /** computeToken with this key, cached per email. */
  readonly tokenFor: (email: string) => string;
  /** identify()'s result → the visitor's checked config and its JSON, cached per email. */
  readonly identities: CheckedIdentities;
  readonly widget: WidgetSource | undefined;
  readonly identify: (req: Request) => IdentifyResult | Promise<IdentifyResult>;
  readonly logger: UseResponseLogger;
  readonly nonce: (req: Request, res: Response) => unknown;
  readonly clearOnPageClose: boolean;
  readonly clearOnSessionEnd: boolean;
  readonly identifyTimeoutMs: number;
  readonly autoInclude: boolean;
  readonly excludePaths: ReadonlyArray<string | RegExp>;
  readonly customFields: FieldNames;
  readonly helpCenter: ResolvedHelpCenter | undefined;
  /** The external bootstrap, when the `clientScript` option names a path to serve it under. */
  readonly clientScript: ClientScript | undefined;
}

// `satisfies` makes the compiler fail when an option is added to the type but not here.
const KNOWN_OPTIONS = {
  securityKey: true,
  widgetSrc: true,
  identify: true,
  logger: true,
  nonce: true,
  clearOnPageClose: true,
  clearOnSessionEnd: true,
  identifyTimeoutMs: true,
  autoInclude: true,
  excludePaths: true,
  customFields: true,
  helpCenter: true,
  clientScript: true,
} as const satisfies Record<keyof UseResponseOptions, true>;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;
// A path as req.path gives it: with a query, a fragment or whitespace, a rule would match nothing.
const EXCLUDED_PATH = /^\/[^\s?#]*$/;

function defaultNonce(_req: Request, res: Response): unknown {
  return (res.locals as Record<string, unknown>).cspNonce;
}

function resolveWidget(value: unknown): WidgetSource | undefined {
  if (value === undefined) {
    const fromEnv = process.env.USERESPONSE_WIDGET_SRC;
    return fromEnv === undefined || fromEnv === '' ? undefined : parseWidgetSrc(fromEnv, 'environment');
  }
  if (typeof value !== 'string') optionTypeError('widgetSrc', 'a string', value);
  return parseWidgetSrc(value);
}

/** Throws {@link UseResponseConfigError} for anything wrong; never puts the key's value in a message. */
export function resolveOptions(options: unknown): ResolvedConfig {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTIONS',
      `useResponseChat(options) takes an options object, not ${Array.isArray(options) ? 'an array' : `a ${typeof options}`}.`,
    );
  }
  const given = options as Record<string, unknown>;
  rejectUnknownKeys(given, KNOWN_OPTIONS, 'option');
  const { identify, logger, nonce, clearOnPageClose, clearOnSessionEnd, identifyTimeoutMs, autoInclude, excludePaths } =
    given;
  if (identify !== undefined && typeof identify !== 'function')
    optionTypeError('identify', 'a function (req) => ({ email, name, properties }) | null', identify);
  if (nonce !== undefined && typeof nonce !== 'function')
    optionTypeError('nonce', 'a function (req, res) => string', nonce);
  if (logger !== undefined && (logger === null || typeof (logger as UseResponseLogger).warn !== 'function')) {
    optionTypeError('logger', 'an object with a warn(message) method', logger);
  }
  if (clearOnPageClose !== undefined && typeof clearOnPageClose !== 'boolean')
    optionTypeError('clearOnPageClose', 'true or false', clearOnPageClose);
  if (clearOnSessionEnd !== undefined && typeof clearOnSessionEnd !== 'boolean')
    optionTypeError('clearOnSessionEnd', 'true or false', clearOnSessionEnd);
  if (autoInclude !== undefined && typeof autoInclude !== 'boolean')
    optionTypeError('autoInclude', 'true or false', autoInclude);
  if (
    excludePaths !== undefined &&
    (!Array.isArray(excludePaths) ||
      !excludePaths.every((p) => (typeof p === 'string' && EXCLUDED_PATH.test(p)) || p instanceof RegExp))
  ) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `excludePaths` option must be an array of paths starting with '/' (no query, fragment or whitespace: they are compared with the request's path alone) or RegExps, such as ['/admin', /^\\/api\\//]. Fix the entries or remove `excludePaths`.",
    );
  }
  // The helper emits wherever a template calls it; only autoInclude's insertion looks at the path.
  if (autoInclude !== true && Array.isArray(excludePaths) && excludePaths.length > 0) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      'The `excludePaths` option only applies with `autoInclude: true`; without it, every page whose template calls useresponseChat() gets the chat, excluded or not. ' +
        'Set autoInclude: true, or remove `excludePaths` and leave the helper out of those pages.',
    );
  }
  if (
    identifyTimeoutMs !== undefined &&
    // Stryker disable next-line ConditionalExpression: Number.isInteger refuses whatever is not a number as well
    (typeof identifyTimeoutMs !== 'number' ||
      !Number.isInteger(identifyTimeoutMs) ||
      identifyTimeoutMs < 1 ||
      identifyTimeoutMs > MAX_TIMEOUT_MS)
  ) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      `The \`identifyTimeoutMs\` option must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}. Remove it to use the default (1000).`,
    );
  }
  const securityKey = resolveSecurityKey(given.securityKey);
  const clientScriptBase = parseClientScriptBase(given.clientScript);
  const widget = resolveWidget(given.widgetSrc);
  const tokenFor = cachedTokens(securityKey);
  const customFields = resolveCustomFields(given.customFields);
  const resolvedLogger = (logger as UseResponseLogger | undefined) ?? consoleLogger;
  return {
    securityKey,
    tokenFor,
    identities: new CheckedIdentities(tokenFor, customFields, resolvedLogger),
    widget,
    identify: (identify as ResolvedConfig['identify'] | undefined) ?? identifyFromReqUser,
    logger: resolvedLogger,
    nonce: (nonce as ResolvedConfig['nonce'] | undefined) ?? defaultNonce,
    clearOnPageClose: clearOnPageClose === true,
    clearOnSessionEnd: clearOnSessionEnd === true,
    identifyTimeoutMs: identifyTimeoutMs ?? 1000,
    autoInclude: autoInclude === true,
    // Lowercased once for isPathIncluded, which compares them with the path in lower case.
    // Stryker disable next-line ArrayDeclaration: a default entry that is no path (no leading '/') matches no request
    excludePaths: ((excludePaths as ReadonlyArray<string | RegExp> | undefined) ?? []).map((rule) =>
      typeof rule === 'string' ? rule.toLowerCase() : rule,
    ),
    customFields,
    helpCenter: resolveHelpCenter(given.helpCenter, securityKey),
    clientScript: clientScriptBase === undefined ? undefined : makeClientScript(clientScriptBase, widget),
  };
}
