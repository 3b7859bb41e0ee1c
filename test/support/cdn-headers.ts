// A site's blanket CDN caching policy: headers that CDNs and proxies obey before Cache-Control
// (RFC 9213, Cloudflare, Vercel, Fastly, Akamai, nginx), set on every response.
import type { RequestHandler } from 'express';

const CDN_HEADERS = {
  'CDN-Cache-Control': 'max-age=600',
  'Cloudflare-CDN-Cache-Control': 'max-age=600',
  'Vercel-CDN-Cache-Control': 'max-age=600',
  'Surrogate-Control': 'max-age=600',
  'Edge-Control': 'cache-maxage=600s',
  'X-Accel-Expires': '600',
};

/** Middleware that sets them all. */
export const setCdnCaching: RequestHandler = (_req, res, next) => {
  res.set(CDN_HEADERS);
  next();
};

/** Their names in lower case, as a response's headers are keyed. */
export const ALL_CDN_HEADERS = Object.keys(CDN_HEADERS).map((name) => name.toLowerCase());

/** Which of them a response carries. */
export function cdnCachingOf(headers: Record<string, unknown>): string[] {
  return ALL_CDN_HEADERS.filter((name) => headers[name] !== undefined);
}
