// The default logger and the guard that keeps a failing logger from breaking a page.
import type { UseResponseLogger } from './types.js';

/** Used when no `logger` option is given: the only place the package writes to the console. */
export const consoleLogger: UseResponseLogger = {
  warn(message: string): void {
    console.warn(message);
  },
};

/** Sends a warning; a logger that throws must not turn a page into an error page. */
export function safeWarn(logger: UseResponseLogger, message: string): void {
  try {
    logger.warn(`express-useresponse: ${message}`);
  } catch {
    // Nowhere left to report to: the page matters more than the lost warning.
  }
}

/** A short, single-line description of something thrown, for a warning. */
export function describeError(error: unknown): string {
  try {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return JSON.stringify(text.length > 200 ? text.slice(0, 200) + '…' : text);
  } catch {
    return 'an unprintable value';
  }
}
