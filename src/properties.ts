// Turns identify()'s `properties` into the string map UseResponse's custom fields take.
import { safeWarn } from './logger.js';
import type { UseResponseLogger } from './types.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Keeps what UseResponse can store; warns about everything dropped for a reason other than being empty. */
export function sanitizeProperties(input: unknown, logger: UseResponseLogger): Record<string, string> {
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
    const value = source[key];
    if (FORBIDDEN_KEYS.has(key)) {
      safeWarn(logger, `property ${JSON.stringify(key)} was dropped: that key name is not allowed.`);
      continue;
    }
    switch (typeof value) {
      case 'string':
        out[key] = value;
        break;
      case 'boolean':
      case 'bigint':
        out[key] = String(value);
        break;
      case 'number':
        if (Number.isFinite(value)) out[key] = String(value);
        else safeWarn(logger, `property ${JSON.stringify(key)} was dropped: ${String(value)} is not a finite number.`);
        break;
      case 'undefined':
        break;
      default:
        if (value !== null) {
          safeWarn(
            logger,
            `property ${JSON.stringify(key)} was dropped: values must be strings, numbers or booleans, not ${typeof value}.`,
          );
        }
    }
  }
  return out;
}
