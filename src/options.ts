// Validates the options once, at start-up, into the resolved config the middleware runs on.
import type { Request, Response } from 'express';
import { UseResponseConfigError } from './errors.js';
import { identifyFromReqUser } from './identity.js';
import { consoleLogger } from './logger.js';
import { NO_FIELD_NAMES, type FieldNames } from './properties.js';
import type { IdentifyResult, UseResponseLogger, UseResponseOptions } from './types.js';
import { parseWidgetSrc, type WidgetSource } from './widget-src.js';

/** Options after validation and defaults: what each request reads. */
export interface ResolvedConfig {
  readonly securityKey: string;
  readonly widget: WidgetSource | undefined;
  readonly identify: (req: Request) => IdentifyResult | Promise<IdentifyResult>;
  readonly logger: UseResponseLogger;
  readonly nonce: (req: Request, res: Response) => unknown;
  readonly clearOnPageClose: boolean;
  readonly identifyTimeoutMs: number;
  readonly autoInclude: boolean;
  readonly excludePaths: ReadonlyArray<string | RegExp>;
  readonly customFields: FieldNames;
}

// `satisfies` makes the compiler fail when an option is added to the type but not here.
const KNOWN_OPTIONS = {
  securityKey: true,
  widgetSrc: true,
  identify: true,
  logger: true,
  nonce: true,
  clearOnPageClose: true,
  identifyTimeoutMs: true,
  autoInclude: true,
  excludePaths: true,
  customFields: true,
} as const satisfies Record<keyof UseResponseOptions, true>;

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function typeError(option: string, expected: string, actual: unknown): never {
  const shown = actual === null ? 'null' : Array.isArray(actual) ? 'an array' : `a ${typeof actual}`;
  throw new UseResponseConfigError(
    'ERR_USERESPONSE_OPTION_TYPE',
    `The \`${option}\` option must be ${expected}, but it is ${shown}. Pass ${expected}, or remove \`${option}\` to use the default.`,
  );
}

function defaultNonce(_req: Request, res: Response): unknown {
  return (res.locals as Record<string, unknown>).cspNonce;
}

/** The key from the option or USERESPONSE_SECURITY_KEY; throws when neither holds one. */
export function resolveSecurityKey(value: unknown): string {
  const key = value === undefined ? process.env.USERESPONSE_SECURITY_KEY : value;
  if (key !== undefined && typeof key !== 'string') typeError('securityKey', 'a string', key);
  if (key === undefined || key.trim() === '') {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      `No security key: the \`securityKey\` option and the USERESPONSE_SECURITY_KEY environment variable are ${key === undefined ? 'both unset' : 'empty'}. ` +
        'Set USERESPONSE_SECURITY_KEY (or pass `securityKey`) to the Security Key from UseResponse: ' +
        'Administration » Applications » Single Sign-On » Settings » Integration Details.',
    );
  }
  return key;
}

function resolveWidget(value: unknown): WidgetSource | undefined {
  if (value === undefined) {
    const fromEnv = process.env.USERESPONSE_WIDGET_SRC;
    return fromEnv === undefined || fromEnv === '' ? undefined : parseWidgetSrc(fromEnv);
  }
  if (typeof value !== 'string') typeError('widgetSrc', 'a string', value);
  return parseWidgetSrc(value);
}

function customFieldsError(detail: string): never {
  throw new UseResponseConfigError(
    'ERR_USERESPONSE_CUSTOM_FIELDS',
    `The \`customFields\` option ${detail}. It maps readable names to UseResponse custom-field ids ` +
      '(Administration » Custom Fields » Users), such as { plan: 172, signupDate: 170 }.',
  );
}

/** `customFields` as name → `property_<id>`; each id is a positive integer, used once. */
export function resolveCustomFields(value: unknown): FieldNames {
  if (value === undefined) return NO_FIELD_NAMES;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    typeError('customFields', 'an object', value);
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [name, id] of Object.entries(value)) {
    const entry = JSON.stringify(name);
    if (/^property_\d+$/.test(name)) {
      customFieldsError(
        `has the entry ${entry}, which is itself a field key: use it in \`properties\` as it is and remove it from the map`,
      );
    }
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
      customFieldsError(
        `maps ${entry} to ${typeof id === 'number' ? String(id) : `a ${typeof id}`}, not a positive whole number id`,
      );
    }
    const key = `property_${id}`;
    const owner = owners.get(key);
    if (owner !== undefined)
      customFieldsError(`maps both ${JSON.stringify(owner)} and ${entry} to ${id}: give each name its own id`);
    owners.set(key, name);
    names.set(name, key);
  }
  return names;
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
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(KNOWN_OPTIONS, key)) {
      throw new UseResponseConfigError(
        'ERR_USERESPONSE_UNKNOWN_OPTION',
        `Unknown option ${JSON.stringify(key)}. Known options: ${Object.keys(KNOWN_OPTIONS).join(', ')}. Remove it or fix its spelling.`,
      );
    }
  }
  const { identify, logger, nonce, clearOnPageClose, identifyTimeoutMs, autoInclude, excludePaths } = given;
  if (identify !== undefined && typeof identify !== 'function')
    typeError('identify', 'a function (req) => ({ email, name, properties }) | null', identify);
  if (nonce !== undefined && typeof nonce !== 'function') typeError('nonce', 'a function (req, res) => string', nonce);
  if (logger !== undefined && (logger === null || typeof (logger as UseResponseLogger).warn !== 'function')) {
    typeError('logger', 'an object with a warn(message) method', logger);
  }
  if (clearOnPageClose !== undefined && typeof clearOnPageClose !== 'boolean')
    typeError('clearOnPageClose', 'true or false', clearOnPageClose);
  if (autoInclude !== undefined && typeof autoInclude !== 'boolean')
    typeError('autoInclude', 'true or false', autoInclude);
  if (
    excludePaths !== undefined &&
    (!Array.isArray(excludePaths) ||
      !excludePaths.every((p) => (typeof p === 'string' && p.startsWith('/')) || p instanceof RegExp))
  ) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `excludePaths` option must be an array of paths starting with '/' or RegExps, such as ['/admin', /^\\/api\\//]. Fix the entries or remove `excludePaths`.",
    );
  }
  if (
    identifyTimeoutMs !== undefined &&
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
  return {
    securityKey: resolveSecurityKey(given.securityKey),
    widget: resolveWidget(given.widgetSrc),
    identify: (identify as ResolvedConfig['identify'] | undefined) ?? identifyFromReqUser,
    logger: (logger as UseResponseLogger | undefined) ?? consoleLogger,
    nonce: (nonce as ResolvedConfig['nonce'] | undefined) ?? defaultNonce,
    clearOnPageClose: clearOnPageClose === true,
    identifyTimeoutMs: identifyTimeoutMs ?? 1000,
    autoInclude: autoInclude === true,
    excludePaths: [...((excludePaths as ReadonlyArray<string | RegExp> | undefined) ?? [])],
    customFields: resolveCustomFields(given.customFields),
  };
}
