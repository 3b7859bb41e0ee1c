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

/**
 * What reading the identity gives when identify() threw, rejected or timed out: not an anonymous
 * visitor but an unknown one. A page treats both alike; the help-center login and the SPA config
 * must not (a logged-in visitor sent to log in again, or their chat cleared).
 */
export const IDENTIFY_FAILED: unique symbol = Symbol('identify failed');

/**
 * A failure too, but one that asking again would make the visitor wait for as long once more: what
 * reading gives when identify() did not settle within identifyTimeoutMs.
 */
export const IDENTIFY_TIMED_OUT: unique symbol = Symbol('identify timed out');

export type IdentifyFailure = typeof IDENTIFY_FAILED | typeof IDENTIFY_TIMED_OUT;

export type ReadIdentity = IdentifyResult | IdentifyFailure;

/** Whether identify() threw, rejected or timed out: the visitor is unknown, not anonymous. */
export function identifyFailed(raw: ReadIdentity): raw is IdentifyFailure {
  return raw === IDENTIFY_FAILED || raw === IDENTIFY_TIMED_OUT;
}

/** The warning for an identify() that did not settle in time; `consequence` says what follows. */
export function timedOutWarning(source: IdentitySource, consequence: string): string {
  return `identify() did not settle within ${source.identifyTimeoutMs} ms; ${consequence}.`;
}

/** What the chat's warnings say follows from a failed identify(). */
const PAGE_CONSEQUENCE = 'the page renders without the chat identity';

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

/**
 * Settles an async identify() within the timeout; a rejection gives IDENTIFY_FAILED and a timeout
 * IDENTIFY_TIMED_OUT, each with a warning.
 */
function settleIdentity(
  pending: PromiseLike<IdentifyResult>,
  config: IdentitySource,
  consequence: string,
): Promise<ReadIdentity> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      safeWarn(config.logger, timedOutWarning(config, consequence));
      resolve(IDENTIFY_TIMED_OUT);
    }, config.identifyTimeoutMs);
    Promise.resolve(pending).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        safeWarn(config.logger, `identify() rejected with ${describeError(error)}; ${consequence}.`);
        resolve(IDENTIFY_FAILED);
      },
    );
  });
}

/**
 * The visitor for this request: a value at once when identify() is synchronous, else a promise.
 * A throw or a rejection gives IDENTIFY_FAILED and a timeout IDENTIFY_TIMED_OUT, each with a
 * warning that ends with `consequence`: what the caller does about it.
 */
export function readIdentity(
  source: IdentitySource,
  req: Request,
  consequence: string = PAGE_CONSEQUENCE,
): ReadIdentity | Promise<ReadIdentity> {
  let raw: IdentifyResult | PromiseLike<IdentifyResult>;
  try {
    raw = source.identify(req);
  } catch (error) {
    safeWarn(source.logger, `identify() threw ${describeError(error)}; ${consequence}.`);
    return IDENTIFY_FAILED;
  }
  return isPromiseLike(raw) ? settleIdentity(raw, source, consequence) : raw;
}
