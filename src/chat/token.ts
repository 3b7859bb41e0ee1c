// The UseResponse identity token: SHA-256 of the security key followed by the email.
import { hash } from 'node:crypto';

/**
 * The token UseResponse expects in `UR.userConfig`: lowercase hex SHA-256 of `securityKey + email`,
 * with nothing between them. `email` must be the exact string sent as `userEmail`.
 */
export function computeToken(securityKey: string, email: string): string {
  if (typeof securityKey !== 'string' || typeof email !== 'string') {
    throw new TypeError('express-useresponse: computeToken(securityKey, email) takes two strings');
  }
  // crypto.hash (Node 20.12+) skips the Hash object: about twice as fast for inputs this short.
  return hash('sha256', securityKey + email, 'hex');
}

/** How many visitors' tokens {@link cachedTokens} keeps: a busy site's active users, about 200 KB. */
export const TOKEN_CACHE_SIZE = 2000;

/**
 * computeToken for one key, remembering the last {@link TOKEN_CACHE_SIZE} emails: a page for a
 * returning visitor costs a Map lookup instead of a SHA-256 (about 6k instructions through
 * crypto.hash). The tokens stay in this process, as the key itself does.
 */
export function cachedTokens(securityKey: string): (email: string) => string {
  const tokens = new Map<string, string>();
  return function tokenFor(email: string): string {
    let token = tokens.get(email);
    // Stryker disable next-line ConditionalExpression: computing a cached token again gives the same token; the cache only saves the work
    if (token === undefined) {
      token = computeToken(securityKey, email);
      // Map keeps insertion order: the first key is the oldest.
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound changes memory, not any token (test/chat/token-cache.test.ts checks tokens past it; the heap bench checks memory)
      if (tokens.size >= TOKEN_CACHE_SIZE) tokens.delete(tokens.keys().next().value!);
      tokens.set(email, token);
    }
    return token;
  };
}
