// The default logger and the guard that keeps a failing logger from breaking a page.
import type { UseResponseLogger } from './types.js';

/** Used when no `logger` option is given: the only place the package writes to the console. */
export const consoleLogger: UseResponseLogger = {
  warn(message: string): void {
    console.warn(message);
  },
};

/**
 * Sends a warning; a logger that throws must not turn a page into an error page, nor one that
 * rejects (an async `warn`) into an unhandled rejection, which stops Node by default.
 */
export function safeWarn(logger: UseResponseLogger, message: string): void {
  try {
    // Adopting what warn returned handles an async warn's rejection; a plain value costs one
    // settled promise, on a path only bad data takes.
    Promise.resolve(logger.warn(`express-useresponse: ${message}`)).catch(ignore);
  } catch {
    // Nowhere left to report to: the page matters more than the lost warning.
  }
}

function ignore(): void {
  // As in safeWarn's catch: there is nowhere left to report a logger's own failure.
}

const MAX_QUOTED = 200;
// JSON.stringify escapes C0 controls; DEL, C1 controls and the two line separators would still
// reach a log as themselves.
const LOG_UNSAFE = /[\u007f-\u009f\u2028\u2029]/g;

/** `text` as one JSON string literal with no control character in it, cut at 200 characters. */
export function quoteForLog(text: string): string {
  const cut = text.length > MAX_QUOTED ? text.slice(0, MAX_QUOTED) + '…' : text;
  return JSON.stringify(cut).replace(LOG_UNSAFE, (char) => '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A short, single-line description of something thrown, for a warning. */
export function describeError(error: unknown): string {
  try {
    return quoteForLog(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  } catch {
    return 'an unprintable value';
  }
}
