// The security key: from the option or USERESPONSE_SECURITY_KEY, never put in a message.
import { optionTypeError, UseResponseConfigError } from './errors.js';

/** The key from the option or USERESPONSE_SECURITY_KEY; throws when neither holds one. */
export function resolveSecurityKey(value: unknown): string {
  const key = value === undefined ? process.env.USERESPONSE_SECURITY_KEY : value;
  if (key !== undefined && typeof key !== 'string') optionTypeError('securityKey', 'a string', key);
  if (key === undefined || key.trim() === '') {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_SECURITY_KEY',
      `No security key: the \`securityKey\` option and the USERESPONSE_SECURITY_KEY environment variable are ${key === undefined ? 'both unset' : 'empty'}. ` +
        'Set USERESPONSE_SECURITY_KEY (or pass `securityKey`) to the Security Key from UseResponse: ' +
        'Administration » Applications » Single Sign-On » Settings » Integration Details.',
    );
  }
  return key;
}
