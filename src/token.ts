// The UseResponse identity token: SHA-256 of the security key followed by the email.
import { createHash, hash } from 'node:crypto';

// crypto.hash (Node 20.12+) skips the Hash object; it is about twice as fast for inputs this short.
const sha256Hex: (data: string) => string =
  typeof hash === 'function'
    ? (data) => hash('sha256', data, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');

/**
 * The token UseResponse expects in `UR.userConfig`: lowercase hex SHA-256 of `securityKey + email`,
 * with nothing between them. `email` must be the exact string sent as `userEmail`.
 */
export function computeToken(securityKey: string, email: string): string {
  if (typeof securityKey !== 'string' || typeof email !== 'string') {
    throw new TypeError('express-useresponse: computeToken(securityKey, email) takes two strings');
  }
  return sha256Hex(securityKey + email);
}
