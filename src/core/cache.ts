// Keeps pages that carry a chat identity (a long-lived credential) out of shared caches.
import type { Response } from 'express';

const ALREADY_PRIVATE = /(?:^|[\s,])(?:private|no-store)(?:$|[\s,=])/i;

/** `Cache-Control: private, no-store` unless the app chose a private or no-store policy, and `Vary: Cookie`. */
export function markPersonal(res: Response): void {
  if (res.headersSent) return;
  // Names in lower case, as Node keys its headers: no lower-casing and no string-table lookup per
  // call, on a path every identified page takes (about 2k instructions fewer; BENCHMARKS.md).
  // HTTP field names are case-insensitive (RFC 9110, 5.1).
  const current = res.getHeader('cache-control');
  // Set as an array (res.setHeader takes one), it is read as its lines joined.
  // Stryker disable next-line ConditionalExpression: unset, it would be read as "undefined", which the pattern does not match either
  if (current === undefined || !ALREADY_PRIVATE.test(String(current))) {
    res.setHeader('cache-control', 'private, no-store');
  }
  // res.vary parses and merges an existing header; most pages have none yet.
  // Stryker disable next-line ConditionalExpression: res.vary gives the same header; setting it directly only saves the parse
  if (res.getHeader('vary') === undefined) res.setHeader('vary', 'Cookie');
  else res.vary('Cookie');
}
