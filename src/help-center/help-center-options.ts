// The `helpCenter` option of useResponseChat(), validated at start-up.
import { rejectUnknownKeys, UseResponseConfigError } from '../core/errors.js';
import type { HelpCenterOptions } from '../core/types.js';
import { optionNamed, parseHelpCenterUrl, parseIntegrationDomain, type HelpCenterSite } from './help-center-url.js';
import { linkKey, type LinkKey } from './sso-link.js';

export interface ResolvedHelpCenter {
  readonly site: HelpCenterSite;
  /** Derived from the security key once, not per request. */
  readonly key: LinkKey;
  /** The query parameter that carries the return URL. */
  readonly returnParam: string;
}

// `satisfies` makes the compiler fail when a key is added to the type but not here.
const KNOWN_KEYS = { url: true, integrationDomain: true, returnParam: true } as const satisfies Record<
  keyof HelpCenterOptions,
  true
>;

export function resolveHelpCenter(value: unknown, securityKey: string): ResolvedHelpCenter | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_HELP_CENTER',
      'The `helpCenter` option must be an object { url, integrationDomain, returnParam? }. Remove it if you do not use the help center.',
    );
  }
  const given = value as Record<string, unknown>;
  rejectUnknownKeys(given, KNOWN_KEYS, 'key', ' in the `helpCenter` option');
  const { returnParam = 'redirect' } = given;
  if (typeof returnParam !== 'string' || !/^[A-Za-z0-9_.~-]{1,64}$/.test(returnParam)) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_HELP_CENTER',
      'The `helpCenter.returnParam` option must be a query parameter name of letters, digits, "_", "-", "." or "~", such as "redirect".',
    );
  }
  return {
    site: {
      ...parseHelpCenterUrl(given.url, optionNamed('helpCenter.url')),
      integrationDomain: parseIntegrationDomain(given.integrationDomain, optionNamed('helpCenter.integrationDomain')),
    },
    key: linkKey(securityKey),
    returnParam,
  };
}
