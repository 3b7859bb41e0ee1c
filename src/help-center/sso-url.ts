// helpCenterSsoUrl(): the signed link that signs a user into the help center, with its input checked.
import { rejectUnknownKeys, UseResponseConfigError } from '../core/errors.js';
import { emailProblem } from '../core/identity.js';
import { surroundingWhitespace } from '../core/surrounding-whitespace.js';
import { consoleLogger, quoteForLog } from '../core/logger.js';
import { resolveCustomFields } from '../core/custom-fields.js';
import { sanitizeProperties, type FieldNames } from '../core/properties.js';
import type { UseResponseLogger } from '../core/types.js';
import {
  optionNamed,
  parseHelpCenterUrl,
  parseIntegrationDomain,
  returnUrlOnSite,
  type HelpCenterSite,
} from './help-center-url.js';
import { buildLink, linkKey, type LinkKey } from './sso-link.js';

/** Whom the link signs in. */
export interface HelpCenterUser {
  /** Your user's stable id: UseResponse matches accounts by it. */
  id: string | number;
  email: string;
  name?: string | null;
  /** Custom fields, as for the chat: `property_<id>` keys, or names from `customFields`. */
  properties?: Record<string, unknown> | null;
}

export interface HelpCenterSsoUrlOptions {
  securityKey: string;
  /** The help center's address, such as `https://support.example.com`. */
  helpCenterUrl: string;
  /** UseResponse's "Integration Domain" (OneLogin settings), such as `example.com`. */
  integrationDomain: string;
  user: HelpCenterUser;
  /** Where to land on the help center; must be on its origin. */
  redirect?: string;
  /** Readable names for custom fields, as in `useResponseChat({ customFields })`. */
  customFields?: Readonly<Record<string, number>>;
  /** Receives warnings about dropped properties. @default writes them to the console */
  logger?: UseResponseLogger;
}

// `satisfies` makes the compiler fail when an option is added to the type but not here. A misspelt
// `redirect` would otherwise land the visitor on the home page without a word.
const KNOWN_OPTIONS = {
  securityKey: true,
  helpCenterUrl: true,
  integrationDomain: true,
  user: true,
  redirect: true,
  customFields: true,
  logger: true,
} as const satisfies Record<keyof HelpCenterSsoUrlOptions, true>;

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_ID_LENGTH = 255;

function userError(message: string): never {
  throw new UseResponseConfigError('ERR_USERESPONSE_HELP_CENTER_USER', message);
}

/** Why an id cannot be used, or undefined when it can. */
export function idProblem(id: unknown): string | undefined {
  if (id === undefined || id === null || id === '') return 'has no id';
  if (typeof id === 'number') return Number.isSafeInteger(id) ? undefined : 'has an id that is not a whole number';
  if (typeof id !== 'string') return `has an id that is a ${typeof id}, not a string or a number`;
  if (id.length > MAX_ID_LENGTH || CONTROL_CHARS.test(id) || !id.isWellFormed() || id.trim() !== id) {
    return 'has an id with surrounding spaces, control characters, lone surrogates or over 255 characters';
  }
  return undefined;
}

/**
 * The link for an already validated site, key and field names, a user whose id and email passed
 * idProblem and emailProblem, and a landing URL already on the help center's origin.
 */
export function signedLink(
  site: HelpCenterSite,
  key: LinkKey,
  fieldNames: FieldNames,
  logger: UseResponseLogger,
  user: HelpCenterUser,
  landing: string | undefined,
): string {
  const name = typeof user.name === 'string' ? user.name : '';
  const fields = { source: site.integrationDomain, name, email: user.email.trim(), id: String(user.id) };
  return buildLink(site.base, fields, key, landing, sanitizeProperties(user.properties, fieldNames, logger));
}

/**
 * The URL that signs `user` into the help center (UseResponse's OneLogin method). It is a bearer
 * credential that never expires: send it only in the `Location` of a `no-store` 302, never in a
 * page or a log. Throws {@link UseResponseConfigError} for bad input; no message contains the key.
 */
export function helpCenterSsoUrl(options: HelpCenterSsoUrlOptions): string {
  if (options === null || typeof options !== 'object') {
    throw new UseResponseConfigError('ERR_USERESPONSE_OPTIONS', 'helpCenterSsoUrl(options) takes an options object.');
  }
  rejectUnknownKeys(options, KNOWN_OPTIONS, 'option', ' of helpCenterSsoUrl()');
  const { securityKey } = options;
  if (typeof securityKey !== 'string' || securityKey.trim() === '') {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      'helpCenterSsoUrl() needs `securityKey`: the Security Key from UseResponse (Single Sign-On » OneLogin).',
    );
  }
  const padding = surroundingWhitespace(securityKey);
  if (padding !== undefined) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      `helpCenterSsoUrl()'s \`securityKey\` ${padding}, which would go into the link's hash and make the help center refuse it. Pass the key without it.`,
    );
  }
  const site = {
    ...parseHelpCenterUrl(options.helpCenterUrl, optionNamed('helpCenterUrl')),
    integrationDomain: parseIntegrationDomain(options.integrationDomain, optionNamed('integrationDomain')),
  };
  // Checked in the order they always were: settings first, then the user and the redirect.
  const fieldNames = resolveCustomFields(options.customFields);
  const { user, redirect } = options;
  if (user === null || typeof user !== 'object')
    userError('helpCenterSsoUrl() needs a `user` object with id and email.');
  const problem = idProblem(user.id) ?? emailProblem(user.email);
  if (problem !== undefined) userError(`The help-center user ${problem}; no link can be made.`);
  let landing: string | undefined;
  if (redirect !== undefined) {
    landing = returnUrlOnSite(redirect, site);
    if (landing === undefined) {
      throw new UseResponseConfigError(
        'ERR_USERESPONSE_HELP_CENTER_REDIRECT',
        `The redirect ${quoteForLog(String(redirect))} is not on the help center's origin (${site.origin}); only URLs there are allowed.`,
      );
    }
  }
  return signedLink(site, linkKey(securityKey), fieldNames, options.logger ?? consoleLogger, user, landing);
}
