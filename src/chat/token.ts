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
