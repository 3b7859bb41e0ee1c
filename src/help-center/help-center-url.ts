// Validation of the help center's address and Integration Domain, and of return URLs on its origin.
import { UseResponseConfigError } from '../core/errors.js';
import { surroundingWhitespace } from '../core/surrounding-whitespace.js';

/** The help center after validation. */
export interface HelpCenterSite {
  /** Origin and optional base path, without a final slash: the link is `${base}/sso/…`. */
  readonly base: string;
  readonly origin: string;
  /** UseResponse's "Integration Domain", the link's `source`. */
  readonly integrationDomain: string;
}

// Whitespace and controls anywhere (browsers strip or ignore them, which is how " javascript:" and
// "java\tscript:" pass naive checks), and backslashes, which browsers read as "/" in "\\evil.com".
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_URL_CHARS = /[\u0000-\u0020\u007f-\u009f\\]/;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** How a message names a setting of useResponseChat() or helpCenterSsoUrl(): "The `helpCenter.url` option". */
export const optionNamed = (option: string): string => `The \`${option}\` option`;

/** `setting` is what the message calls the value: optionNamed(…), or the CLI's flag or variable. */
function reject(setting: string, reason: string, fix: string): never {
  throw new UseResponseConfigError('ERR_USERESPONSE_HELP_CENTER', `${setting} ${reason}. ${fix}`);
}

const TRIM = 'Pass the value without it (from a file: .trim()).';

/** Checks the help center's URL: https (http on loopback only), no credentials, only a base path after the origin. */
export function parseHelpCenterUrl(value: unknown, setting: string): { base: string; origin: string } {
  const fix = 'Use the address of your UseResponse help center, such as https://support.example.com.';
  if (typeof value !== 'string' || value === '') reject(setting, 'must be a non-empty string', fix);
  const padding = surroundingWhitespace(value);
  if (padding !== undefined) reject(setting, padding, TRIM);
  if (UNSAFE_URL_CHARS.test(value)) reject(setting, 'contains whitespace, a control character or a backslash', fix);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    reject(setting, 'is not an absolute URL', fix);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    reject(setting, 'must use https:// (plain http:// only for localhost and loopback addresses)', fix);
  }
  if (url.username !== '' || url.password !== '') reject(setting, 'must not contain credentials (user:password@)', fix);
  // The text, not the parsed URL: "https://x/?" has an empty search but is no base URL either.
  if (value.includes('?') || value.includes('#')) {
    reject(setting, 'must have nothing after the origin but an optional base path (no query, no fragment)', fix);
  }
  return { base: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, origin: url.origin };
}

/** Checks the Integration Domain, a host name such as example.com. */
export function parseIntegrationDomain(value: unknown, setting: string): string {
  const padding = typeof value === 'string' ? surroundingWhitespace(value) : undefined;
  if (padding !== undefined) reject(setting, padding, TRIM);
  if (typeof value !== 'string' || !HOST_NAME.test(value)) {
    reject(
      setting,
      value === undefined ? 'is required' : 'must be a host name such as example.com',
      'Copy the Integration Domain from UseResponse: Administration » Applications » Single Sign-On » Settings » OneLogin.',
    );
  }
  return value.toLowerCase();
}

const MAX_RETURN_URL = 2048;

/**
 * `value` as an absolute URL when it is on the help center's origin (an absolute URL, or a path
 * starting with a single "/"), else undefined. Never follows anything that could leave the origin.
 */
export function returnUrlOnSite(value: unknown, site: Pick<HelpCenterSite, 'origin'>): string | undefined {
  // An empty string is no URL: the parsing below refuses it.
  if (typeof value !== 'string' || value.length > MAX_RETURN_URL) return undefined;
  if (UNSAFE_URL_CHARS.test(value)) return undefined;
  // "//host" and "/\host" are other hosts to a browser; backslashes are already refused.
  const isPath = value.startsWith('/') && !value.startsWith('//');
  let url: URL;
  try {
    url = isPath ? new URL(value, site.origin) : new URL(value);
  } catch {
    return undefined;
  }
  if (url.origin !== site.origin || url.username !== '' || url.password !== '') return undefined;
  return url.href;
}
