// Who the visitor is: the default identify() and the checks every use of an email needs.
import type { Request } from 'express';
import type { IdentifyResult } from './types.js';

const MAX_EMAIL_LENGTH = 254;

/** Whether `text` holds a C0 or C1 control character (or DEL). A loop: cheaper than a RegExp call for an email. */
function hasControlChar(text: string): boolean {
  // Stryker disable next-line EqualityOperator: past the end, charCodeAt is NaN, which no comparison matches
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** The default `identify`: passport-style `req.user` with `email` and a display name. */
export function identifyFromReqUser(req: Request): IdentifyResult {
  const user = (req as { user?: unknown }).user as Record<string, unknown> | null | undefined;
  if (user == null || typeof user !== 'object') return null;
  const name =
    typeof user.name === 'string' ? user.name : typeof user.displayName === 'string' ? user.displayName : user.username;
  // Passed on as they are: whoever uses them checks them and says what is wrong, rather than
  // dropping an id or a name of the wrong type without a word.
  return { id: user.id as string | number | undefined, email: user.email as string, name: name as string | undefined };
}

/** Why an email cannot be used, or undefined when it can (after trimming). */
export function emailProblem(email: unknown): string | undefined {
  if (email === undefined || email === null) return 'has no email';
  if (typeof email !== 'string') return `has an email that is a ${typeof email}, not a string`;
  const trimmed = email.trim();
  if (trimmed === '') return 'has an empty email';
  if (trimmed.length > MAX_EMAIL_LENGTH) return `has an email longer than ${MAX_EMAIL_LENGTH} characters`;
  if (hasControlChar(trimmed)) return 'has an email containing control characters';
  // A lone surrogate would be hashed as U+FFFD but sent as itself: the token could never match.
  if (!trimmed.isWellFormed()) return 'has an email containing a lone surrogate';
  return undefined;
}
