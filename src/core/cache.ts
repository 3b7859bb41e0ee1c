// Keeps pages that carry a chat identity (a long-lived credential) out of shared caches.
import type { Response } from 'express';

const ALREADY_PRIVATE = /(?:^|[\s,])(?:private|no-store)(?:$|[\s,=])/i;

/** `Cache-Control: private, no-store` unless the app chose a private or no-store policy, and `Vary: Cookie`. */
export function markPersonal(res: Response): void {
  if (res.headersSent) return;
  const current = res.getHeader('Cache-Control');
  // Unset, it reads "undefined"; set as an array (res.setHeader takes one), as its lines joined.
  if (!ALREADY_PRIVATE.test(String(current))) {
    res.setHeader('Cache-Control', 'private, no-store');
  }
  // res.vary parses and merges an existing header; most pages have none yet.
  // Stryker disable next-line ConditionalExpression: res.vary gives the same header; setting it directly only saves the parse
  if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Cookie');
  else res.vary('Cookie');
}
