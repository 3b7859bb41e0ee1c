// Turns identify()'s `properties` into the `property_<id>` string map UseResponse's custom fields take.
import { quoteForLog, safeWarn } from './logger.js';
import type { UseResponseLogger } from './types.js';

/** A UseResponse custom-field key: `property_` and a positive integer id. */
export const FIELD_KEY = /^property_[1-9][0-9]{0,15}$/;

/** `customFields` after validation: readable name → `property_<id>`. */
export type FieldNames = ReadonlyMap<string, string>;

export const NO_FIELD_NAMES: FieldNames = new Map();

/** The `property_<id>` a key stands for, or undefined when UseResponse would not know it. */
function fieldKey(key: string, names: FieldNames): string | undefined {
  if (FIELD_KEY.test(key)) return key;
  return names.get(key);
}

function stringValue(key: string, value: unknown, logger: UseResponseLogger): string | undefined {
  switch (typeof value) {
    // Stryker disable next-line ConditionalExpression: falling through to String(value) gives a string back unchanged
    case 'string':
      return value;
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'number':
      if (Number.isFinite(value)) return String(value);
      safeWarn(logger, `property ${quoteForLog(key)} was dropped: ${String(value)} is not a finite number.`);
      return undefined;
    case 'undefined':
      return undefined;
    default:
      if (value !== null) {
        safeWarn(
          logger,
          `property ${quoteForLog(key)} was dropped: values must be strings, numbers or booleans, not ${typeof value}.`,
        );
      }
      return undefined;
  }
}

/**
 * Keeps what UseResponse can store, under `property_<id>` keys only: a key is either such a key or
 * a name from `customFields`. Everything dropped for a reason other than being empty is warned about.
 * No other key ever reaches a page, so no key there needs a JSON escape (see nodejs/node#63785).
 */
export function sanitizeProperties(
  input: unknown,
  names: FieldNames,
  logger: UseResponseLogger,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (input == null) return out;
  if (typeof input !== 'object' || Array.isArray(input)) {
    safeWarn(
      logger,
      `identify() returned \`properties\` that is not a plain object (${typeof input}); no properties are sent.`,
    );
    return out;
  }
  const source = input as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const target = fieldKey(key, names);
    if (target === undefined) {
      safeWarn(
        logger,
        `property ${quoteForLog(key)} was dropped: UseResponse only knows custom fields property_<id>. ` +
          'Use that key, or map the name to its id with the `customFields` option.',
      );
      continue;
    }
    const value = stringValue(key, source[key], logger);
    if (value === undefined) continue;
    if (Object.hasOwn(out, target)) {
      safeWarn(logger, `property ${quoteForLog(key)} was dropped: ${target} was already given by another key.`);
      continue;
    }
    out[target] = value;
  }
  return out;
}
