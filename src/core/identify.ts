// Runs the identify option for one request: sync or async, within its timeout, never throwing.
import type { Request } from 'express';
import { describeError, safeWarn } from './logger.js';
import type { IdentifyResult, UseResponseLogger } from './types.js';

/** What reading an identity needs from the resolved options. */
export interface IdentitySource {
  readonly identify: (req: Request) => IdentifyResult | Promise<IdentifyResult>;
  readonly identifyTimeoutMs: number;
  readonly logger: UseResponseLogger;
}

function isPromiseLike(value: unknown): value is PromiseLike<IdentifyResult> {
  // Spares the common null (an anonymous visitor) a throw below.
  // Stryker disable next-line ConditionalExpression,LogicalOperator,BooleanLiteral: past this line, null and primitives come out false all the same, and a value taken for a promise by mistake is awaited and gives the same identity, later
  if (value === null || typeof value !== 'object') return false;
  let then: unknown;
  try {
    then = (value as { then?: unknown }).then;
  } catch {
    // A strict Proxy around a user object throws for any field it lacks: no promise, then.
  }
  return typeof then === 'function';
}

/** Settles an async identify() within the timeout; failures and timeouts become "anonymous" with a warning. */
function settleIdentity(pending: PromiseLike<IdentifyResult>, config: IdentitySource): Promise<IdentifyResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      safeWarn(
        config.logger,
        `identify() did not settle within ${config.identifyTimeoutMs} ms; the page renders without the chat identity.`,
      );
      resolve(null);
    }, config.identifyTimeoutMs);
    Promise.resolve(pending).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        safeWarn(
          config.logger,
          `identify() rejected with ${describeError(error)}; the page renders without the chat identity.`,
        );
        resolve(null);
      },
    );
  });
}

/**
 * The visitor for this request: a value at once when identify() is synchronous, else a promise.
 * A throw, a rejection or a timeout counts as anonymous, with a warning.
 */
export function readIdentity(source: IdentitySource, req: Request): IdentifyResult | Promise<IdentifyResult> {
  let raw: IdentifyResult | PromiseLike<IdentifyResult>;
  try {
    raw = source.identify(req);
  } catch (error) {
    safeWarn(source.logger, `identify() threw ${describeError(error)}; the page renders without the chat identity.`);
    return null;
  }
  return isPromiseLike(raw) ? settleIdentity(raw, source) : raw;
}
