// The one error type the package throws, so apps can tell bad configuration from anything else.

/** Codes carried by {@link UseResponseConfigError}, one per kind of mistake. */
export type UseResponseConfigErrorCode =
  | 'ERR_USERESPONSE_OPTIONS'
  | 'ERR_USERESPONSE_UNKNOWN_OPTION'
  | 'ERR_USERESPONSE_OPTION_TYPE'
  | 'ERR_USERESPONSE_SECURITY_KEY'
  | 'ERR_USERESPONSE_WIDGET_SRC'
  | 'ERR_USERESPONSE_CUSTOM_FIELDS'
  | 'ERR_USERESPONSE_HELP_CENTER'
  | 'ERR_USERESPONSE_HELP_CENTER_USER'
  | 'ERR_USERESPONSE_HELP_CENTER_REDIRECT'
  | 'ERR_USERESPONSE_FACTORY_AS_MIDDLEWARE';

/**
 * Thrown by `useResponseChat()` at start-up when an option is wrong. The message names the option
 * and says how to fix it; it never contains the security key.
 */
export class UseResponseConfigError extends Error {
  readonly code: UseResponseConfigErrorCode;

  constructor(code: UseResponseConfigErrorCode, message: string) {
    super(`express-useresponse: ${message}`);
    this.name = 'UseResponseConfigError';
    this.code = code;
  }
}

/** The error for an option of the wrong type: names it, shows what it is, says how to fix it. */
export function optionTypeError(option: string, expected: string, actual: unknown): never {
  const shown = actual === null ? 'null' : Array.isArray(actual) ? 'an array' : `a ${typeof actual}`;
  throw new UseResponseConfigError(
    'ERR_USERESPONSE_OPTION_TYPE',
    `The \`${option}\` option must be ${expected}, but it is ${shown}. Pass ${expected}, or remove \`${option}\` to use the default.`,
  );
}

/**
 * Throws ERR_USERESPONSE_UNKNOWN_OPTION for the first key of `given` that `known` lacks: a typo
 * would otherwise be ignored without a word. `noun` is "option" or "key"; `where` ends the first
 * sentence (" of helpCenterSsoUrl()").
 */
export function rejectUnknownKeys(given: object, known: object, noun: 'option' | 'key', where = ''): void {
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(known, key)) {
      throw new UseResponseConfigError(
        'ERR_USERESPONSE_UNKNOWN_OPTION',
        `Unknown ${noun} ${JSON.stringify(key)}${where}. Known ${noun}s: ${Object.keys(known).join(', ')}. Remove it or fix its spelling.`,
      );
    }
  }
}
