// Whitespace at either end of a setting: named at start-up rather than left to fail later.

/**
 * What whitespace `value` has at either end, or undefined. It is almost always the line break of a
 * file (a setting read with readFileSync, a mounted secret) or of a pasted line.
 */
export function surroundingWhitespace(value: string): string | undefined {
  const trimmed = value.trim();
  if (value === trimmed) return undefined;
  return value.replace(/\r?\n$/, '') === trimmed
    ? 'ends with a line break (as read from a file)'
    : 'starts or ends with whitespace';
}
