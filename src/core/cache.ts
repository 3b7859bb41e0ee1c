// Keeps pages that carry a chat identity (a long-lived credential) out of shared caches.
import type { Response } from 'express';

// Unqualified only: private="Set-Cookie" keeps just those fields private, and lets a shared cache
// store the rest of the response (RFC 9111, 5.2.2.7), the chat's token with it.
const ALREADY_PRIVATE = /(?:^|[\s,])(?:private|no-store)(?:$|[\s,])/i;
const NO_STORE = /(?:^|[\s,])no-store(?:$|[\s,])/i;

const SPACE = (): string => ' ';

/**
 * Headers by which an app tells its CDN or proxy how long to keep a response, which they obey
 * before Cache-Control: RFC 9213's CDN-Cache-Control and the vendors' own (Cloudflare, Vercel,
 * Fastly's and Varnish's Surrogate-Control, Akamai's Edge-Control, nginx's X-Accel-Expires).
 */
const CDN_CACHE_HEADERS: ReadonlySet<string> = new Set([
  'cdn-cache-control',
  'cloudflare-cdn-cache-control',
  'vercel-cdn-cache-control',
  'surrogate-control',
  'edge-control',
  'x-accel-expires',
]);

/**
 * Removes the headers that would keep a response at a CDN or proxy whatever its Cache-Control says:
 * a blanket policy the app set for every response must not hold a credential at the edge.
 */
export function dropCdnCaching(res: Response): void {
  // One pass over the few headers already set: a getHeader for each of the six cost 2.5 times as much (BENCHMARKS.md).
  const names = res.getHeaderNames();
  // Stryker disable next-line EqualityOperator: past the end, names[i] is undefined, which the set does not hold
  for (let i = 0; i < names.length; i++) if (CDN_CACHE_HEADERS.has(names[i]!)) res.removeHeader(names[i]!);
}

/** `Cache-Control: no-store`, without the CDN headers that would keep the response anyway. */
export function markNoStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  dropCdnCaching(res);
}

/**
 * For a `no-store` response, which nothing can ever send back to revalidate: no ETag, unless the
 * app set its own. Express hashes the whole body (SHA-1) for one only when none is set, and Node
 * sends one header line per element of an array, so an empty one sends none. Its text, which
 * Express's freshness check compares with If-None-Match, is a space, which no entity tag can hold.
 * A new array each time: res.appendHeader pushes onto the one it finds.
 */
export function omitETag(res: Response): void {
  if (res.getHeader('etag') !== undefined) return;
  const none: string[] = [];
  none.toString = SPACE;
  res.setHeader('etag', none);
}

/**
 * `Cache-Control: private, no-store` unless the app chose a private or no-store policy, and `Vary:
 * Cookie`. A response that ends up `no-store` gets no ETag, unless the app set its own. The headers
 * that tell a CDN or proxy to keep it anyway are removed.
 */
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
    omitETag(res);
  } else if (NO_STORE.test(String(current))) {
    // Not for a private policy the browser may store (private, max-age=60): it revalidates with the ETag.
    omitETag(res);
  }
  dropCdnCaching(res);
  // res.vary parses and merges an existing header; most pages have none yet.
  // Stryker disable next-line ConditionalExpression: res.vary gives the same header; setting it directly only saves the parse
  if (res.getHeader('vary') === undefined) res.setHeader('vary', 'Cookie');
  else res.vary('Cookie');
}
