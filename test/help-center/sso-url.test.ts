// helpCenterSsoUrl(): FACTS.md §5's public vectors, the input it refuses, and no key in any message.
import { helpCenterSsoUrl, UseResponseConfigError, type HelpCenterSsoUrlOptions } from '../../src/index';
import { decodeLink } from '../../src/help-center/sso-link';
import { recordingLogger } from '../support/app';
import { registerSecret, TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const VECTOR_KEY = 'security-token';
registerSecret(VECTOR_KEY);
const BRIAN_PATH =
  'https://support.example.com/sso/i536j5s5k4i49414g5n4h4/j4x5r5g5i4e2b314/i5s5j5o5g4a384u5q594d4g4q2i5l4h4/5454/879177e1048d47831e7ec2f907525da88d59db83/direct-sso';

const base = {
  securityKey: VECTOR_KEY,
  helpCenterUrl: 'https://support.example.com',
  integrationDomain: 'example.com',
};
const brian = { id: '42', name: 'Brian C.', email: 'email@domain.com' };

function refused(options: Partial<HelpCenterSsoUrlOptions> & Record<string, unknown>): UseResponseConfigError {
  const error = thrown(() => helpCenterSsoUrl({ ...base, user: brian, ...options }));
  expect(error).toBeInstanceOf(UseResponseConfigError);
  expect(error.message).not.toContain(VECTOR_KEY);
  return error as UseResponseConfigError;
}

describe('the public test vectors', () => {
  it('1. Brian, no query', () => {
    expect(helpCenterSsoUrl({ ...base, user: brian })).toBe(BRIAN_PATH);
  });

  it('2. with properties and a redirect', () => {
    expect(
      helpCenterSsoUrl({
        ...base,
        user: { ...brian, properties: { property_172: '188' } },
        redirect: 'https://support.example.com/topic/1',
      }),
    ).toBe(`${BRIAN_PATH}?redirect=https%3A%2F%2Fsupport.example.com%2Ftopic%2F1&properties%5Bproperty_172%5D=24b4e4`);
  });

  it('3. Unicode name and email', () => {
    expect(helpCenterSsoUrl({ ...base, user: { id: 'u-9', name: 'Zoë Ñandú 🙂', email: 'zoë@exämple.com' } })).toBe(
      'https://support.example.com/sso/i536j5s5k4i49414g5n4h4/75u598i7c2x6h5g5r5c4v6k6c2f9x5p5b6/36u598i783b4s46897l4k4e4941494j4q5/y504f4/25d31f7adc71d91df3c2e5da6f0a835d228378c2/direct-sso',
    );
  });
});

describe('the options', () => {
  // A misspelt redirect would sign the visitor in on the home page instead, without a word.
  it.each([['redirct'], ['properties'], ['helpCenter']])('an unknown key (%j) is refused, naming it', (key) => {
    const error = refused({ [key]: 'https://support.example.com/topic/1' });
    expect(error.code).toBe('ERR_USERESPONSE_UNKNOWN_OPTION');
    expect(error.message).toContain(`"${key}"`);
    expect(error.message).toContain(
      'securityKey, helpCenterUrl, integrationDomain, user, redirect, customFields, logger',
    );
  });
});

describe('the user', () => {
  it('a numeric id is the same as its string', () => {
    expect(helpCenterSsoUrl({ ...base, user: { ...brian, id: 42 } })).toBe(BRIAN_PATH);
  });

  it('customFields names become property_<id>, as for the chat; other keys are dropped with a warning', () => {
    const logger = recordingLogger();
    const link = helpCenterSsoUrl({
      ...base,
      customFields: { plan: 172 },
      logger,
      user: { ...brian, properties: { plan: 188, nope: 'x' } },
    });
    expect(link).toBe(`${BRIAN_PATH}?properties%5Bproperty_172%5D=24b4e4`);
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain('"nope"');
  });

  it('a base path is kept before /sso/', () => {
    const link = helpCenterSsoUrl({ ...base, helpCenterUrl: 'https://example.com/help/', user: brian });
    expect(link.startsWith('https://example.com/help/sso/')).toBe(true);
    expect(decodeLink(link, VECTOR_KEY)).toEqual(
      expect.objectContaining({ base: 'https://example.com/help', valid: true }),
    );
  });

  it.each([
    ['no id', { ...brian, id: undefined }],
    ['an empty id', { ...brian, id: '' }],
    ['a fractional id', { ...brian, id: 4.2 }],
    ['an object id', { ...brian, id: {} }],
    ['an id with a control character', { ...brian, id: 'a\nb' }],
    ['no email', { ...brian, email: undefined }],
    ['an empty email', { ...brian, email: '  ' }],
  ])('%s is refused with a code', (_what, user) => {
    expect(refused({ user: user as never }).code).toBe('ERR_USERESPONSE_HELP_CENTER_USER');
  });
});

describe('the redirect', () => {
  it.each([
    'https://evil.example/',
    'https://support.example.com.evil.example/',
    'https://support.example.com@evil.example/',
    '//evil.example/x',
    'http://support.example.com/topic/1',
    'javascript:alert(1)',
    ' https://support.example.com/',
    'https:\\\\evil.example',
  ])('%j is off the help center and refused', (redirect) => {
    const error = refused({ redirect });
    expect(error.code).toBe('ERR_USERESPONSE_HELP_CENTER_REDIRECT');
    expect(error.message).toContain('https://support.example.com');
  });

  it('a path on the help center is made absolute', () => {
    expect(decodeLink(helpCenterSsoUrl({ ...base, user: brian, redirect: '/topic/1' }), VECTOR_KEY)?.redirect).toBe(
      'https://support.example.com/topic/1',
    );
  });
});

describe('the site settings', () => {
  it.each([
    ['a missing key', { securityKey: '' }, 'ERR_USERESPONSE_SECURITY_KEY'],
    ['a key with the line break of its file', { securityKey: `${VECTOR_KEY}\n` }, 'ERR_USERESPONSE_SECURITY_KEY'],
    ['a key with a leading space', { securityKey: ` ${VECTOR_KEY}` }, 'ERR_USERESPONSE_SECURITY_KEY'],
    ['an http help center', { helpCenterUrl: 'http://support.example.com' }, 'ERR_USERESPONSE_HELP_CENTER'],
    [
      'a help center with a query',
      { helpCenterUrl: 'https://support.example.com/?a=1' },
      'ERR_USERESPONSE_HELP_CENTER',
    ],
    ['no integration domain', { integrationDomain: undefined }, 'ERR_USERESPONSE_HELP_CENTER'],
    [
      'an integration domain that is a URL',
      { integrationDomain: 'https://example.com' },
      'ERR_USERESPONSE_HELP_CENTER',
    ],
  ])('%s is refused', (_what, options, code) => {
    expect(refused(options as never).code).toBe(code);
  });

  it("a key's whitespace is named, as the chat's option names it", () => {
    expect(refused({ securityKey: `${VECTOR_KEY}\n` }).message).toContain(
      "helpCenterSsoUrl()'s `securityKey` ends with a line break",
    );
    expect(refused({ securityKey: ` ${VECTOR_KEY}` }).message).toContain('starts or ends with whitespace');
    // Nothing but whitespace is no key at all.
    expect(refused({ securityKey: ' \n' }).message).toContain('needs `securityKey`');
  });

  it('no message ever contains the key, whatever is wrong', () => {
    for (const options of [
      { helpCenterUrl: TEST_KEY },
      { helpCenterUrl: `https://${TEST_KEY}@support.example.com` },
      { integrationDomain: `${TEST_KEY}/` },
      { redirect: 'https://x.test/' },
      { user: { ...brian, id: '' } },
      { securityKey: `${TEST_KEY}\n` },
    ]) {
      const error = thrown(() => helpCenterSsoUrl({ ...base, securityKey: TEST_KEY, user: brian, ...options }));
      expect(error.message).not.toContain(TEST_KEY);
    }
  });
});
