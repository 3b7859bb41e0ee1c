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

// Printable ASCII but " & < > \ : needs no escape at all, the common case, written without JSON.stringify.
const PLAIN = /^[ !#-%'-;=?-[\]-~]*$/;

/** A JSON string literal in pure ASCII with `<`, `>` and `&` escaped: `JSON.parse` gives `value` back. */
export function scriptSafeString(value: string): string {
  // Stryker disable next-line ConditionalExpression: JSON.stringify gives the same literal for a plain string; this only skips it
  if (PLAIN.test(value)) return `"${value}"`;
  const json = JSON.stringify(value);
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, escapeChar) : json;
}
