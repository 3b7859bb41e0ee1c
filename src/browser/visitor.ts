// Noticing a change of visitor in this browser, and telling the SDK.
import { KEY_PREFIX, type ChatWindow } from './sdk.js';

/** The argument of UR.userConfig, as the server computed it. */
export interface ChatIdentity {
  token: string;
  userEmail: string;
  userName?: string;
  properties?: Record<string, string>;
}

const FINGERPRINT_KEY = KEY_PREFIX + 'fp';

/**
 * 32-bit FNV-1a of the token, in base 36: enough to notice a different visitor, far too little to
 * recover the token; the email is never stored or hashed on its own.
 */
function fingerprint(token: string): string {
  let hash = 2166136261;
  // Stryker disable next-line EqualityOperator: one more round (on NaN, as 0) changes every fingerprint alike, and they are only compared with each other
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(36);
}

/**
 * Tells the SDK who is here: UR.clearChatStorage() first when `clear` is truthy (a logout) or when
 * the last visitor seen in this browser was someone else, then UR.userConfig(identity) when there
 * is one.
 * Without localStorage (disabled, full) the chat still works, without noticing a change of visitor.
 * The SDK must be ready.
 */
export function applyIdentity(w: ChatWindow, identity: ChatIdentity | null | undefined, clear: unknown): void {
  const current = identity && fingerprint(identity.token);
  let previous: string | null | undefined;
  try {
    const storage = w.localStorage;
    previous = storage.getItem(FINGERPRINT_KEY);
    if (current) storage.setItem(FINGERPRINT_KEY, current);
    else if (clear) storage.removeItem(FINGERPRINT_KEY);
  } catch {
    // As above.
  }
  if (clear || (current && previous && previous !== current)) w.UR!.clearChatStorage?.();
  if (identity) w.UR!.userConfig!(identity);
}

/** Forgets the visitor and clears the SDK's chat session. The SDK must be ready. */
export function clearVisitor(w: ChatWindow): void {
  applyIdentity(w, null, true);
}

/** Whether this browser last saw an identified visitor (who has not logged out through the package). */
export function rememberedVisitor(w: ChatWindow): boolean {
  try {
    return w.localStorage.getItem(FINGERPRINT_KEY) !== null;
  } catch {
    return false;
  }
}
