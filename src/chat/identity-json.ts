// The identity's part of the page's JSON: the argument of UR.userConfig, escaped for a <script>.
import { scriptSafeChars } from './serialize.js';
import type { UseResponseChatConfig } from '../core/types.js';

/** The argument of UR.userConfig, in one template: fewer intermediate strings per page. */
export function identityJson({ token, userEmail, userName, properties }: UseResponseChatConfig): string {
  let fields = '';
  // Own keys only: a polluted Object.prototype must not reach the page.
  const keys = Object.keys(properties);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    fields += `${i === 0 ? '' : ','}"${scriptSafeChars(key)}":"${scriptSafeChars(properties[key]!)}"`;
  }
  // The token is lowercase hex from computeToken: nothing in it needs escaping.
  const name = userName === undefined ? '' : `,"userName":"${scriptSafeChars(userName)}"`;
  return `{"token":"${token}","userEmail":"${scriptSafeChars(userEmail)}"${name},"properties":{${fields}}}`;
}
