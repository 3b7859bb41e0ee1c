// The security key: from the option or USERESPONSE_SECURITY_KEY, never put in a message.
import { optionTypeError, UseResponseConfigError } from './errors.js';
import { surroundingWhitespace } from './surrounding-whitespace.js';

/**
 * The key from the option or USERESPONSE_SECURITY_KEY; throws when neither holds one. `given` names
 * where `value` came from, for the message.
 */
export function resolveSecurityKey(value: unknown, given = 'The `securityKey` option'): string {
  const key = value === undefined ? process.env.USERESPONSE_SECURITY_KEY : value;
  if (key !== undefined && typeof key !== 'string') optionTypeError('securityKey', 'a string', key);
  if (key === undefined || key.trim() === '') {
    // A given value wins over the variable, so name the one that was read.
    const missing =
      value !== undefined
        ? `${given} is empty`
        : key === undefined
          ? 'The `securityKey` option and the USERESPONSE_SECURITY_KEY environment variable are both unset'
          : 'The USERESPONSE_SECURITY_KEY environment variable is empty (and the `securityKey` option unset)';
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      `No security key: ${missing}. ` +
        'Set USERESPONSE_SECURITY_KEY (or pass `securityKey`) to the Security Key from UseResponse: ' +
        'Administration » Applications » Single Sign-On » Settings » Integration Details.',
    );
  }
  // Refused rather than trimmed: it would go into every hash, so every token and help-center link
  // would fail without a word.
  const padding = surroundingWhitespace(key);
  if (padding !== undefined) {
    const source = value === undefined ? 'The USERESPONSE_SECURITY_KEY environment variable' : given;
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      `${source} ${padding}, which would go into every token and make UseResponse refuse them all. ` +
        "Pass the key without it (from a file: readFileSync(file, 'utf8').trim()).",
    );
  }
  return key;
}
