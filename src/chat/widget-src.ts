// Validation of the widget SDK URL, the only URL the package ever puts in a page.
import { UseResponseConfigError } from '../core/errors.js';
import { surroundingWhitespace } from '../core/surrounding-whitespace.js';
import { scriptSafeString } from './serialize.js';

/** A widget URL that passed validation, with the instance id UseResponse's loader expects. */
export interface WidgetSource {
  /** Absolute https URL of the SDK. */
  readonly src: string;
  /** `uriid_<40 hex>` when the path has UseResponse's shape, else undefined. */
  readonly instanceId: string | undefined;
  /** The start of the bootstrap's JSON for this widget, `{"src":…,"iid":…`, serialised once. */
  readonly json: string;
}

const EXPECTED = 'https://HOST/public/sdk/chat-uriid_<40 hex>-<n>.js (or //HOST/...)';
// Whitespace and controls anywhere (a browser strips or ignores them, which is how
// " javascript:" and "java\tscript:" get through naive checks), quotes, angle brackets,
// backticks and backslashes (which browsers read as "/" in "\\evil.com").
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN_CHARS = /[\u0000-\u0020\u007f-\u009f"'<>`\\]/;
const INSTANCE = /\/chat-(uriid_[0-9a-f]{40})-\d+\.js$/i;

/** Where the URL came from, for the message. */
type WidgetSrcSource = 'option' | 'environment';

const SOURCE_NAMES: Record<WidgetSrcSource, string> = {
  option: 'The `widgetSrc` option',
  environment: 'The USERESPONSE_WIDGET_SRC environment variable (read because the `widgetSrc` option is unset)',
};

function reject(
  source: WidgetSrcSource,
  reason: string,
  fix = `Copy the SDK URL from your UseResponse widget code: ${EXPECTED}.`,
): never {
  throw new UseResponseConfigError('ERR_USERESPONSE_WIDGET_SRC', `${SOURCE_NAMES[source]} ${reason}. ${fix}`);
}

/** Checks a widget URL once at start-up; only https with a host and no credentials passes. */
export function parseWidgetSrc(value: string, source: WidgetSrcSource = 'option'): WidgetSource {
  if (value.length === 0) reject(source, 'is empty');
  if (value.length > 2048) reject(source, 'is longer than 2048 characters');
  const forbidden = FORBIDDEN_CHARS.exec(value);
  if (forbidden !== null) {
    const padding = surroundingWhitespace(value);
    if (padding !== undefined) reject(source, padding, 'Pass the URL without it (from a file: .trim()).');
    // The code point, not the character: a control character would reach the log as itself.
    const code = `U+${forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    reject(
      source,
      `contains ${code} at character ${forbidden.index + 1}: whitespace, control characters, quotes, backticks, backslashes and angle brackets are refused`,
    );
  }
  let absolute: string;
  if (value.startsWith('//')) absolute = 'https:' + value;
  else if (/^https:\/\//i.test(value)) absolute = value;
  else reject(source, 'must start with https:// or //');
  // WHATWG URL parsing would read "https:///x.js" as the host "x.js".
  if (absolute[8] === '/') reject(source, 'has no host');
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    reject(source, 'is not a valid URL');
  }
  // Stryker disable next-line ConditionalExpression: only https: and //host values reach here, and both parse as https:
  if (url.protocol !== 'https:') reject(source, 'must use https');
  // Stryker disable next-line ConditionalExpression: the check of absolute[8] above and the URL parser leave no https URL without a host
  if (url.hostname === '') reject(source, 'has no host');
  if (url.username !== '' || url.password !== '') reject(source, 'must not contain credentials (user:password@)');
  const src = url.href;
  const instanceId = INSTANCE.exec(url.pathname)?.[1];
  const json = `{"src":${scriptSafeString(src)}${instanceId === undefined ? '' : `,"iid":"${instanceId}"`}`;
  return { src, instanceId, json };
}
