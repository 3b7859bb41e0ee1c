// From whatever identify() returned to the chat config, or null with a warning when it is unusable.
import type { Request } from 'express';
import { describeError, safeWarn } from './logger.js';
import { sanitizeProperties, type FieldNames } from './properties.js';
import { computeToken } from './token.js';
import type { IdentifyResult, UseResponseChatConfig, UseResponseLogger } from './types.js';

const MAX_EMAIL_LENGTH = 254;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** The default `identify`: passport-style `req.user` with `email` and a display name. */
export function identifyFromReqUser(req: Request): IdentifyResult {
  const user = (req as { user?: unknown }).user as Record<string, unknown> | null | undefined;
  if (user == null || typeof user !== 'object') return null;
  const name =
    typeof user.name === 'string' ? user.name : typeof user.displayName === 'string' ? user.displayName : user.username;
  return { email: user.email as string, name: typeof name === 'string' ? name : undefined };
}

/** Why an email cannot be used, or undefined when it can (after trimming). */
export function emailProblem(email: unknown): string | undefined {
  if (email === undefined || email === null) return 'has no email';
  if (typeof email !== 'string') return `has an email that is a ${typeof email}, not a string`;
  const trimmed = email.trim();
  if (trimmed === '') return 'has an empty email';
  if (trimmed.length > MAX_EMAIL_LENGTH) return `has an email longer than ${MAX_EMAIL_LENGTH} characters`;
  if (CONTROL_CHARS.test(trimmed)) return 'has an email containing control characters';
  // A lone surrogate would be hashed as U+FFFD but sent as itself: the token could never match.
  if (!trimmed.isWellFormed()) return 'has an email containing a lone surrogate';
  return undefined;
}

/**
 * Validates the visitor and computes the token. Bad data yields null (the page renders as for an
 * anonymous visitor) and a warning that never quotes the email.
 */
export function buildChatConfig(
  raw: IdentifyResult,
  securityKey: string,
  fieldNames: FieldNames,
  logger: UseResponseLogger,
): UseResponseChatConfig | null {
  if (raw == null) return null;
  try {
    if (typeof raw !== 'object') {
      safeWarn(
        logger,
        `identify() must return { email, name, properties } or null, not a ${typeof raw}; the chat identity is left out of this page.`,
      );
      return null;
    }
    const problem = emailProblem(raw.email);
    if (problem !== undefined) {
      safeWarn(logger, `the visitor ${problem}; the chat identity is left out of this page.`);
      return null;
    }
    const userEmail = raw.email.trim();
    const name: unknown = raw.name;
    if (typeof name !== 'string' && name != null) {
      safeWarn(logger, `the visitor's name is a ${typeof name}, not a string; it is left out.`);
    }
    const properties = sanitizeProperties(raw.properties, fieldNames, logger);
    const token = computeToken(securityKey, userEmail);
    // Key order as in UseResponse's article; userName only when there is one.
    return typeof name === 'string'
      ? { token, userEmail, userName: name, properties }
      : { token, userEmail, properties };
  } catch (error) {
    // A getter or Proxy on the user object can throw; the page still renders.
    safeWarn(
      logger,
      `reading the visitor's identity threw ${describeError(error)}; the chat identity is left out of this page.`,
    );
    return null;
  }
}
