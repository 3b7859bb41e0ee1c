// The chat identity of the last visitors, kept per email: a returning visitor's page reuses the
// config checked and the JSON written for them before, instead of validating and writing them again.
import { buildChatConfig, warnUnreadable } from './chat-config.js';
import { identityJson } from './identity-json.js';
import { flattened } from './serialize.js';
import type { FieldNames } from '../core/properties.js';
import type { IdentifyResult, UseResponseChatConfig, UseResponseIdentity, UseResponseLogger } from '../core/types.js';

/** How many visitors {@link CheckedIdentities} keeps: a busy site's active users, about 1.5 MB. */
export const IDENTITY_CACHE_SIZE = 2000;

/** A visitor's config, frozen because their later requests share it, and its JSON for the page. */
export interface CheckedIdentity {
  readonly config: UseResponseChatConfig;
  readonly json: string;
  /** The helper's markup for this visitor on a page with no nonce and nothing to clear, once made. */
  page: string | undefined;
}

/** What identify() gave, exactly as the config was built from it, and the result. */
interface Entry {
  readonly name: unknown;
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
  readonly identity: CheckedIdentity;
}

/**
 * Whether identify()'s `properties` hold exactly the entry's keys and values, in the same order.
 * for…in rather than Object.keys: no array per request. It also walks inherited keys, which an
 * entry never has, so an object with any is checked in full.
 */
function sameProperties(input: unknown, { keys, values }: Entry): boolean {
  // No properties and an empty object give the same config.
  // Stryker disable next-line ConditionalExpression: null alone could also go on to the loop below, which walks no key and gives the same answer
  if (input === undefined || input === null) return keys.length === 0;
  if (typeof input !== 'object' || Array.isArray(input)) return false;
  let i = 0;
  for (const key in input) {
    // Stryker disable next-line ConditionalExpression: past the entry's keys, keys[i] is undefined, which no key equals
    if (i === keys.length || key !== keys[i] || (input as Record<string, unknown>)[key] !== values[i]) return false;
    i++;
  }
  return i === keys.length;
}

function checked(config: UseResponseChatConfig | null): CheckedIdentity | null {
  if (config === null) return null;
  Object.freeze(config.properties);
  return { config: Object.freeze(config), json: flattened(identityJson(config)), page: undefined };
}

/**
 * identify()'s result → the visitor's checked identity, or null (with the warnings) when it is
 * unusable. An identity that drew a warning is checked again on each request, so that each of its
 * pages warns; one that did not is remembered under its email for the last
 * {@link IDENTITY_CACHE_SIZE} visitors.
 */
export class CheckedIdentities {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly tokenFor: (email: string) => string,
    private readonly fieldNames: FieldNames,
    private readonly logger: UseResponseLogger,
  ) {}

  check(raw: IdentifyResult): CheckedIdentity | null {
    // Nobody, or not an object: nothing to keep (buildChatConfig says what is wrong with it).
    // Stryker disable next-line ConditionalExpression: undefined is also caught by its typeof
    if (raw === null || raw === undefined || typeof raw !== 'object') {
      return checked(buildChatConfig(raw, this.tokenFor, this.fieldNames, this.logger));
    }
    try {
      const email: unknown = raw.email;
      // Stryker disable next-line ConditionalExpression: entries are keyed by strings only, so any other email finds none either
      const entry = typeof email === 'string' ? this.entries.get(email) : undefined;
      if (entry !== undefined && entry.name === raw.name && sameProperties(raw.properties, entry)) {
        return entry.identity;
      }
    } /* Stryker disable BlockStatement: without it, the full check below reads the fields again and warns the same way */ catch (error) {
      warnUnreadable(this.logger, error);
      return null;
    }
    // Stryker restore BlockStatement
    return this.checkInFull(raw);
  }

  private checkInFull(raw: UseResponseIdentity): CheckedIdentity | null {
    const { tokenFor, fieldNames, logger, entries } = this;
    // Each field read once, into a copy the config is built from: the entry then describes exactly
    // what gave the config, even when identify() returned getters that change.
    let visitor: { email: unknown; name: unknown; properties: unknown };
    let keys: string[] = [];
    // Stryker disable next-line ArrayDeclaration: with no keys, no value is ever read
    let values: unknown[] = [];
    try {
      visitor = { email: raw.email, name: raw.name, properties: raw.properties };
      const properties = visitor.properties;
      if (properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
        keys = Object.keys(properties);
        values = keys.map((key) => (properties as Record<string, unknown>)[key]);
        const copy = Object.create(null) as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) copy[keys[i]!] = values[i];
        visitor.properties = copy;
      }
    } catch (error) {
      warnUnreadable(logger, error);
      return null;
    }
    let warned = false;
    const watched: UseResponseLogger = {
      warn(message) {
        warned = true;
        // Returned: safeWarn, the caller, handles an async logger's promise.
        return logger.warn(message);
      },
    };
    const identity = checked(buildChatConfig(visitor as UseResponseIdentity, tokenFor, fieldNames, watched));
    // Stryker disable next-line ConditionalExpression: buildChatConfig gives null only with a warning (an absent visitor returned above)
    if (identity !== null && !warned) {
      // Built, so the email is a string. Map keeps insertion order: the first key is the oldest.
      const email = visitor.email as string;
      // Stryker disable next-line BlockStatement,ConditionalExpression,EqualityOperator: which visitors are kept changes memory and speed, not any page (test/chat/token-cache.test.ts checks pages past the bound)
      entries.delete(email);
      // Stryker disable next-line BlockStatement,ConditionalExpression,EqualityOperator: see above
      if (entries.size >= IDENTITY_CACHE_SIZE) entries.delete(entries.keys().next().value!);
      entries.set(email, { name: visitor.name, keys, values, identity });
    }
    return identity;
  }
}
