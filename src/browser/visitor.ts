// Noticing a change of visitor in this browser, and telling the SDK.
import { KEY_PREFIX, type ChatWindow } from './sdk.js';

/** The argument of UR.userConfig, as the server computed it. */
export interface ChatIdentity {
  token: string;
  userEmail: string;
  userName?: string;
  properties?: Record<string, string>;
}

/**
 * Where the last visitor seen is kept, by the first 8 hex digits of their token, 32 bits: enough to
 * notice a different visitor, far too little to recover the token; the email is never stored. A
 * hash of the token would tell no more and cost over 100 bytes on every page.
 */
const FINGERPRINT_KEY = KEY_PREFIX + 'fp';

/**
 * The last clear a page carried out in this browser, by its value. The server sends a logout's (or
 * an ended session's) clear with a value that stays the same until a page is shown that can use up
 * its cookie: a prefetched page may never be shown, so it leaves the cookie, and the pages after it
 * repeat the clear.
 */
const CLEARED_KEY = KEY_PREFIX + 'cleared';

/**
 * Tells the SDK who is here: UR.clearChatStorage() first when the last visitor seen in this browser
 * was someone else, or when `clear` asks for it, then UR.userConfig(identity) when there is one.
 * `clear` is either a page's clear, by its value, or `true`, which always clears (clearChat,
 * clearOnPageClose). A page's clear runs once: the pages that repeat it leave the chat to whoever
 * came since, unless a page without a visitor follows one with a visitor.
 * Without localStorage (disabled, full) the chat still works, without noticing a change of visitor,
 * and every page's clear runs.
 * The SDK must be ready.
 */
export function applyIdentity(
  w: ChatWindow,
  identity: ChatIdentity | null | undefined,
  clear: string | boolean | undefined,
): void {
  // Written out rather than as a function: esbuild inlines no function, and each costs bytes on every page.
  const current = identity && identity.token.slice(0, 8);
  const once = clear !== true && clear;
  let previous: string | null | undefined;
  let done: unknown;
  try {
    const storage = w.localStorage;
    previous = storage.getItem(FINGERPRINT_KEY);
    // Done already, unless the visitor who was here is gone: a visitor who logged in since keeps the
    // chat (a change of visitor is the fingerprint's to notice), an anonymous page after them does not.
    done = once && (current || !previous) && storage.getItem(CLEARED_KEY) === once;
    if (current) storage.setItem(FINGERPRINT_KEY, current);
    else if (clear) storage.removeItem(FINGERPRINT_KEY);
    if (once) storage.setItem(CLEARED_KEY, once);
  } catch {
    // As above.
  }
  if ((clear && !done) || (current && previous && previous !== current)) w.UR!.clearChatStorage?.();
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
