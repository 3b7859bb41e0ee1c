// JSON that can sit inside a <script> element whatever the data holds.

// Outside printable ASCII everything is escaped too: no "</script", "<!--" or "-->" can form, the
// HTML parser's CR/LF and NUL rewriting cannot touch the data, and a page served in the wrong
// charset still decodes the same string. JSON.stringify already escapes C0 controls, quotes,
// backslashes and lone surrogates.
const UNSAFE = /[<>&\u007f-\uffff]/;
const UNSAFE_ALL = /[<>&\u007f-\uffff]/g;

function escapeChar(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}

/**
 * Whether `value` is printable ASCII but " & < > \ : it needs no escape at all, the common case,
 * written without JSON.stringify. A loop rather than a regular expression: for the short strings of
 * an identity, RegExp.prototype.test's own overhead costs more than the scan (see BENCHMARKS.md).
 */
// Stryker disable BlockStatement,BooleanLiteral,ConditionalExpression,EqualityOperator: a string sent to JSON.stringify by mistake is written the same (a space or ~ included; past the end, charCodeAt is NaN, which no test matches); the tests of each edge character check that nothing that needs an escape takes the fast path
function isPlain(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x26 || c === 0x3c || c === 0x3e || c === 0x5c) return false;
  }
  return true;
}
// Stryker restore BlockStatement,BooleanLiteral,ConditionalExpression,EqualityOperator

/**
 * The inside of a JSON string literal for `value`, pure ASCII with `<`, `>` and `&` escaped: between
 * two quotes, `JSON.parse` gives `value` back. A plain value comes back as it is, with nothing
 * allocated: the page's JSON puts the quotes in its own literal text.
 */
export function scriptSafeChars(value: string): string {
  // Stryker disable next-line ConditionalExpression: JSON.stringify gives the same text for a plain string; this only skips it
  if (isPlain(value)) return value;
  const json = JSON.stringify(value).slice(1, -1);
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, escapeChar) : json;
}

/** A JSON string literal in pure ASCII with `<`, `>` and `&` escaped: `JSON.parse` gives `value` back. */
export function scriptSafeString(value: string): string {
  return `"${scriptSafeChars(value)}"`;
}

/**
 * `text`, flattened by V8 now (reading a character does it). A string built with + is a tree of
 * pieces, which every page it goes into would walk again: worth it for one kept for many pages.
 */
export function flattened(text: string): string {
  // Stryker disable next-line all: the same string either way; only the later walks cost more
  text.charCodeAt(0);
  return text;
}
