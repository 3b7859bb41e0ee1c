// Validation of the widget SDK URL, the only URL the package ever puts in a page.
import { UseResponseConfigError } from '../core/errors.js';
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

function reject(reason: string): never {
  throw new UseResponseConfigError(
    'ERR_USERESPONSE_WIDGET_SRC',
    `The \`widgetSrc\` option (or USERESPONSE_WIDGET_SRC) ${reason}. ` +
      `Copy the SDK URL from your UseResponse widget code: ${EXPECTED}.`,
  );
}

/** Checks a widget URL once at start-up; only https with a host and no credentials passes. */
export function parseWidgetSrc(value: string): WidgetSource {
  if (value.length === 0) reject('is empty');
  if (value.length > 2048) reject('is longer than 2048 characters');
  if (FORBIDDEN_CHARS.test(value)) {
    reject('contains whitespace, a control character, a quote, a backslash or an angle bracket');
  }
  let absolute: string;
  if (value.startsWith('//')) absolute = 'https:' + value;
  else if (/^https:\/\//i.test(value)) absolute = value;
  else reject('must start with https:// or //');
  // WHATWG URL parsing would read "https:///x.js" as the host "x.js".
  if (absolute[8] === '/') reject('has no host');
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    reject('is not a valid URL');
  }
  // Stryker disable next-line ConditionalExpression: only https: and //host values reach here, and both parse as https:
  if (url.protocol !== 'https:') reject('must use https');
  // Stryker disable next-line ConditionalExpression: the check of absolute[8] above and the URL parser leave no https URL without a host
  if (url.hostname === '') reject('has no host');
  if (url.username !== '' || url.password !== '') reject('must not contain credentials (user:password@)');
  const src = url.href;
  const instanceId = INSTANCE.exec(url.pathname)?.[1];
  const json = `{"src":${scriptSafeString(src)}${instanceId === undefined ? '' : `,"iid":"${instanceId}"`}`;
  return { src, instanceId, json };
}
