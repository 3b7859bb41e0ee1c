// The UR calls a page is expected to make, written once for every suite that checks them.
import { computeToken } from '../../src/index';

/** `UR.userConfig(...)` as the package makes it for this key and visitor. */
export function userConfigCall(key: string, email: string, userName: string, properties: Record<string, string> = {}) {
  return { method: 'userConfig', args: [{ token: computeToken(key, email), userEmail: email, userName, properties }] };
}

export const CLEAR_CALL = { method: 'clearChatStorage', args: [] };
