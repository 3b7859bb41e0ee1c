// The `customFields` option: readable names for UseResponse's property_<id> fields.
import { optionTypeError, UseResponseConfigError } from './errors.js';
import { NO_FIELD_NAMES, type FieldNames } from './properties.js';

function customFieldsError(detail: string): never {
  throw new UseResponseConfigError(
    'ERR_USERESPONSE_CUSTOM_FIELDS',
    `The \`customFields\` option ${detail}. It maps readable names to UseResponse custom-field ids ` +
      '(Administration » Custom Fields » Users), such as { plan: 172, signupDate: 170 }.',
  );
}

/** `customFields` as name → `property_<id>`; each id is a positive integer, used once. */
export function resolveCustomFields(value: unknown): FieldNames {
  if (value === undefined) return NO_FIELD_NAMES;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    optionTypeError('customFields', 'an object', value);
  const names = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [name, id] of Object.entries(value)) {
    const entry = JSON.stringify(name);
    if (/^property_\d+$/.test(name)) {
      customFieldsError(
        `has the entry ${entry}, which is itself a field key: use it in \`properties\` as it is and remove it from the map`,
      );
    }
    if (!Number.isSafeInteger(id) || (id as number) < 1) {
      customFieldsError(
        `maps ${entry} to ${typeof id === 'number' ? String(id) : `a ${typeof id}`}, not a positive whole number id`,
      );
    }
    const key = `property_${id}`;
    const owner = owners.get(key);
    if (owner !== undefined)
      customFieldsError(`maps both ${JSON.stringify(owner)} and ${entry} to ${id}: give each name its own id`);
    owners.set(key, name);
    names.set(name, key);
  }
  return names;
}
