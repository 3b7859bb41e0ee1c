// What identify() gave, read once into plain data and checked before a help-center link is made.
import { emailProblem } from '../core/identity.js';
import { describeError } from '../core/logger.js';
import { idProblem, type HelpCenterUser } from './sso-url.js';

/**
 * Copies `raw`'s id, email, name and own properties. A getter or a Proxy that throws does so here,
 * where the visitor can be refused with a warning, and not halfway through signing a link.
 */
function copyVisitor(raw: object): Record<keyof HelpCenterUser, unknown> {
  const { id, email, name, properties } = raw as Record<keyof HelpCenterUser, unknown>;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    // Left as it is: sanitizeProperties says what is wrong with it.
    return { id, email, name, properties };
  }
  // No prototype: an own "__proto__" key stays a key, and is dropped by name like any other.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(properties)) copy[key] = (properties as Record<string, unknown>)[key];
  return { id, email, name, properties: copy };
}

/** The visitor to sign in, as plain data, or the warning that says why there is none. */
export function usableVisitor(raw: NonNullable<unknown>): HelpCenterUser | string {
  let problem = 'is not an object';
  if (typeof raw === 'object') {
    let visitor: Record<keyof HelpCenterUser, unknown>;
    try {
      visitor = copyVisitor(raw);
    } catch (error) {
      return `reading the visitor's identity threw ${describeError(error)}; no help-center link was made.`;
    }
    const found = idProblem(visitor.id) ?? emailProblem(visitor.email);
    if (found === undefined) return visitor as HelpCenterUser;
    problem = found;
  }
  return `the visitor ${problem}, so no help-center link was made. Have identify() return { id, email, name }.`;
}
