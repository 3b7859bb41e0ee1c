// From whatever identify() returned to the chat config, or null with a warning when it is unusable.
import { emailProblem } from '../core/identity.js';
import { describeError, safeWarn } from '../core/logger.js';
import { sanitizeProperties, type FieldNames } from '../core/properties.js';
import type { IdentifyResult, UseResponseChatConfig, UseResponseLogger } from '../core/types.js';

/**
 * Validates the visitor and computes the token. Bad data yields null (the page renders as for an
 * anonymous visitor) and a warning that never quotes the email.
 */
export function buildChatConfig(
  raw: IdentifyResult,
  tokenFor: (email: string) => string,
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
    const email: unknown = raw.email;
    const problem = emailProblem(email);
    if (problem !== undefined) {
      safeWarn(logger, `the visitor ${problem}; the chat identity is left out of this page.`);
      return null;
    }
    const userEmail = (email as string).trim();
    const name: unknown = raw.name;
    if (typeof name !== 'string' && name != null) {
      safeWarn(logger, `the visitor's name is a ${typeof name}, not a string; it is left out.`);
    }
    const properties = sanitizeProperties(raw.properties, fieldNames, logger);
    const token = tokenFor(userEmail);
    // Key order as in UseResponse's article; userName only when there is one.
    return typeof name === 'string'
      ? { token, userEmail, userName: name, properties }
      : { token, userEmail, properties };
  } /* Stryker disable BlockStatement: a guard; its callers pass plain copies of what identify() gave, so nothing here throws */ catch (error) {
    warnUnreadable(logger, error);
    return null;
  }
}

// Stryker restore BlockStatement

/** A getter or Proxy on the user object can throw; the page still renders, without the identity. */
export function warnUnreadable(logger: UseResponseLogger, error: unknown): void {
  safeWarn(
    logger,
    `reading the visitor's identity threw ${describeError(error)}; the chat identity is left out of this page.`,
  );
}
