// verifyHelpCenterLink(): what a help-center SSO link says, and whether it verifies, as UseResponse checks it.
import { decodeLink, type DecodedLink } from '../help-center/sso-link.js';

export type VerifiedHelpCenterLink = DecodedLink;

/**
 * Decodes a link made by `helpCenterSsoUrl()` or `chat.helpCenterLogin()` with the key: whom it
 * signs in, where it lands, its properties, and `valid` when its hash matches. Null when `url` is
 * not such a link at all.
 */
export function verifyHelpCenterLink(url: string, securityKey: string): VerifiedHelpCenterLink | null {
  return decodeLink(url, securityKey) ?? null;
}
