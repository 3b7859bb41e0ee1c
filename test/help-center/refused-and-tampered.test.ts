// The help center's sign-in with bad settings, bad visitors and tampered links: each refusal says
// what is wrong, and no tampered link verifies.
import request from 'supertest';
import {
  helpCenterSsoUrl,
  useResponseChat,
  UseResponseConfigError,
  type HelpCenterSsoUrlOptions,
} from '../../src/index';
import { linkKey, obfuscate } from '../../src/help-center/sso-link';
import { verifyHelpCenterLink } from '../../src/testing/index';
import { createTestApp } from '../support/app';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const HELP_CENTER = { url: 'https://support.example.test', integrationDomain: 'example.test' };
const BRIAN = { id: '42', name: 'Brian C.', email: 'brian@example.com' };
const base = {
  securityKey: TEST_KEY,
  helpCenterUrl: HELP_CENTER.url,
  integrationDomain: HELP_CENTER.integrationDomain,
  user: BRIAN,
};

function refusal(call: () => unknown): UseResponseConfigError {
  const error = thrown(call);
  expect(error).toBeInstanceOf(UseResponseConfigError);
  return error as UseResponseConfigError;
}

const link = (options: Partial<HelpCenterSsoUrlOptions> & Record<string, unknown> = {}) =>
  helpCenterSsoUrl({ ...base, ...options });

describe('the help center address and Integration Domain, refused with the reason', () => {
  it.each([
    ['', 'must be a non-empty string'],
    [42, 'must be a non-empty string'],
    ['https://support.example.test/a b', 'contains whitespace, a control character or a backslash'],
    ['support.example.test', 'is not an absolute URL'],
    ['ftp://support.example.test', 'must use https://'],
    ['http://support.example.test', 'must use https://'],
    ['https://a:b@support.example.test', 'must not contain credentials'],
    ['https://a@support.example.test', 'must not contain credentials'],
    ['https://:b@support.example.test', 'must not contain credentials'],
    ['ftp://localhost', 'must use https://'],
    ['https://support.example.test/?x', 'must have nothing after the origin'],
    ['https://support.example.test/#x', 'must have nothing after the origin'],
    // An empty query or fragment is still one: the URL parser drops it, the check does not.
    ['https://support.example.test/?', 'must have nothing after the origin'],
    ['https://support.example.test/#', 'must have nothing after the origin'],
  ])('helpCenter.url %j: %s', (url, reason) => {
    const error = refusal(() =>
      useResponseChat({ securityKey: TEST_KEY, helpCenter: { ...HELP_CENTER, url } as never }),
    );
    expect(error.message).toContain('`helpCenter.url`');
    expect(error.message).toContain(reason);
    expect(refusal(() => link({ helpCenterUrl: url as string })).message).toContain(reason);
  });

  it.each([
    [undefined, 'is required'],
    ['https://example.test/', 'must be a host name such as example.com'],
    [42, 'must be a host name such as example.com'],
  ])('helpCenter.integrationDomain %j: %s', (integrationDomain, reason) => {
    const error = refusal(() =>
      useResponseChat({ securityKey: TEST_KEY, helpCenter: { ...HELP_CENTER, integrationDomain } as never }),
    );
    expect(error.message).toContain(`\`helpCenter.integrationDomain\` option ${reason}`);
  });

  // Read from a file or a secret store, a setting keeps its line break; say so, not "not a host name".
  it.each([
    ['url', 'https://support.example.test\n', 'ends with a line break (as read from a file)'],
    ['url', ' https://support.example.test', 'starts or ends with whitespace'],
    ['integrationDomain', 'example.test\r\n', 'ends with a line break (as read from a file)'],
    ['integrationDomain', 'example.test ', 'starts or ends with whitespace'],
  ])('helpCenter.%s %j: says it %s, and to trim it', (field, value, says) => {
    const error = refusal(() =>
      useResponseChat({ securityKey: TEST_KEY, helpCenter: { ...HELP_CENTER, [field]: value } }),
    );
    expect(error.code).toBe('ERR_USERESPONSE_HELP_CENTER');
    expect(error.message).toContain(`The \`helpCenter.${field}\` option ${says}`);
    expect(error.message).toContain('.trim()');
    const option = field === 'url' ? 'helpCenterUrl' : 'integrationDomain';
    expect(refusal(() => link({ [option]: value })).message).toContain(`The \`${option}\` option ${says}`);
  });

  it('slashes after the base path are dropped, so the link has one before sso/', () => {
    const url = link({ helpCenterUrl: 'https://support.example.test/help//' });
    expect(url.startsWith('https://support.example.test/help/sso/')).toBe(true);
    expect(verifyHelpCenterLink(url, TEST_KEY)?.valid).toBe(true);
  });

  it.each([null, 'https://support.example.test', ['x']])('helpCenter %j is not an object: refused', (helpCenter) => {
    const error = refusal(() => useResponseChat({ securityKey: TEST_KEY, helpCenter: helpCenter as never }));
    expect(error.message).toContain('The `helpCenter` option must be an object');
  });

  it('a returnParam that is not a string is refused, even one that reads as a name', () => {
    const error = refusal(() =>
      useResponseChat({ securityKey: TEST_KEY, helpCenter: { ...HELP_CENTER, returnParam: 42 } as never }),
    );
    expect(error.message).toContain('`helpCenter.returnParam`');
  });
});

describe('helpCenterSsoUrl() input', () => {
  it.each([null, 'x'])('options %j: refused', (options) => {
    expect(refusal(() => helpCenterSsoUrl(options as never)).code).toBe('ERR_USERESPONSE_OPTIONS');
  });

  it.each([undefined, 42, '   '])('securityKey %j: refused', (securityKey) => {
    expect(refusal(() => link({ securityKey: securityKey as never })).code).toBe('ERR_USERESPONSE_SECURITY_KEY');
  });

  it.each([null, 'brian@example.com'])('user %j: refused', (user) => {
    const error = refusal(() => link({ user: user as never }));
    expect(error.code).toBe('ERR_USERESPONSE_HELP_CENTER_USER');
    expect(error.message).toContain('needs a `user` object');
  });

  it.each([
    [undefined, 'has no id'],
    [null, 'has no id'],
    ['', 'has no id'],
    [1.5, 'not a whole number'],
    [true, 'an id that is a boolean'],
    [' 42', 'surrounding spaces'],
    ['4\u00002', 'surrounding spaces, control characters'],
    ['\ud800', 'lone surrogates'],
    ['a'.repeat(256), 'over 255 characters'],
  ])('user id %j: refused, %s', (id, reason) => {
    const error = refusal(() => link({ user: { ...BRIAN, id } as never }));
    expect(error.code).toBe('ERR_USERESPONSE_HELP_CENTER_USER');
    expect(error.message).toContain(reason);
  });

  it('an id of 255 characters is the longest taken', () => {
    expect(verifyHelpCenterLink(link({ user: { ...BRIAN, id: 'a'.repeat(255) } }), TEST_KEY)?.id).toHaveLength(255);
  });

  it('the email is signed trimmed, and a name that is not a string is left empty', () => {
    const url = link({ user: { id: '42', email: '  brian@example.com ', name: 42 } as never });
    expect(verifyHelpCenterLink(url, TEST_KEY)).toEqual(
      expect.objectContaining({ email: 'brian@example.com', name: '', valid: true }),
    );
  });

  it('a redirect with credentials, even on the help center, is refused', () => {
    for (const redirect of ['https://user@support.example.test/topic/1', 'https://:pw@support.example.test/']) {
      expect(refusal(() => link({ redirect })).code).toBe('ERR_USERESPONSE_HELP_CENTER_REDIRECT');
    }
  });

  it.each([42, '', 'topic/1', 'javascript:alert(1)'])('a redirect %j is refused', (redirect) => {
    expect(refusal(() => link({ redirect: redirect as string })).code).toBe('ERR_USERESPONSE_HELP_CENTER_REDIRECT');
  });

  it('a path that ends in slashes is kept as it is', () => {
    expect(verifyHelpCenterLink(link({ redirect: '/topic//' }), TEST_KEY)?.redirect).toBe(`${HELP_CENTER.url}/topic//`);
  });

  it('a redirect of up to 2,048 characters is kept; a longer one is refused', () => {
    const path = (length: number) => '/' + 'a'.repeat(length - 1);
    expect(verifyHelpCenterLink(link({ redirect: path(2048) }), TEST_KEY)?.redirect).toBe(
      `${HELP_CENTER.url}${path(2048)}`,
    );
    expect(refusal(() => link({ redirect: path(2049) })).code).toBe('ERR_USERESPONSE_HELP_CENTER_REDIRECT');
  });
});

describe('chat.helpCenterLogin()', () => {
  function appWith(identify: (req: unknown) => unknown) {
    const made = createTestApp({ chat: { helpCenter: HELP_CENTER, identify: identify as never } });
    made.app.get('/hc', made.chat.helpCenterLogin());
    return made;
  }

  it('with an async identify, redirects to the link once it resolves', async () => {
    const { app } = appWith(() => new Promise((resolve) => setTimeout(() => resolve(BRIAN), 5)));
    const res = await request(app).get('/hc').expect(302);
    expect(verifyHelpCenterLink(res.headers.location!, TEST_KEY)).toEqual(
      expect.objectContaining({ email: BRIAN.email, id: '42', valid: true }),
    );
  });

  it('the default identify passes req.user.id on as it is, so an id of the wrong type is named in the log', async () => {
    const made = createTestApp({ user: { id: { oid: 7 }, email: BRIAN.email }, chat: { helpCenter: HELP_CENTER } });
    made.app.get('/hc', made.chat.helpCenterLogin());
    await request(made.app).get('/hc').expect(403);
    expect(made.logger.messages).toEqual([
      expect.stringContaining('has an id that is a object, not a string or a number'),
    ]);
  });

  it('a visitor that is not an object gets the 403 page, and the log says why', async () => {
    const { app, logger } = appWith(() => 'brian@example.com');
    await request(app).get('/hc').expect(403);
    expect(logger.messages).toEqual([expect.stringContaining('the visitor is not an object')]);
  });

  it.each([null, 42])('options %j: refused', (options) => {
    const chat = useResponseChat({ securityKey: TEST_KEY, helpCenter: HELP_CENTER });
    expect(refusal(() => chat.helpCenterLogin(options as never)).code).toBe('ERR_USERESPONSE_OPTIONS');
  });

  it('an unknown option is named', () => {
    const chat = useResponseChat({ securityKey: TEST_KEY, helpCenter: HELP_CENTER });
    const error = refusal(() => chat.helpCenterLogin({ loginUrl: '/x' } as never));
    expect(error.code).toBe('ERR_USERESPONSE_UNKNOWN_OPTION');
    expect(error.message).toContain('"loginUrl"');
  });

  it('a loginPath that is not a string is refused', () => {
    const chat = useResponseChat({ securityKey: TEST_KEY, helpCenter: HELP_CENTER });
    expect(refusal(() => chat.helpCenterLogin({ loginPath: 42 } as never)).message).toContain('loginPath');
  });
});

describe('a tampered link does not verify', () => {
  const key = linkKey(TEST_KEY);
  /** Brian's link in parts: made in each test, so that a link that cannot be made fails that test. */
  function brianLink() {
    const good = link();
    const [path, query] = good.split('?') as [string, string | undefined];
    const parts = path.split('/');
    // …/sso/{source}/{name}/{email}/{id}/{hash}/direct-sso
    return { good, query, parts, at: parts.indexOf('sso') };
  }

  it('another valid email under the same hash', () => {
    const { parts, at } = brianLink();
    const swapped = [...parts];
    swapped[at + 3] = obfuscate('mallory@example.com', key);
    const verified = verifyHelpCenterLink(swapped.join('/'), TEST_KEY);
    expect(verified?.email).toBe('mallory@example.com');
    expect(verified?.valid).toBe(false);
  });

  it('the hash of another visitor', () => {
    const { parts, at } = brianLink();
    const otherParts = link({ user: { ...BRIAN, id: '43' } }).split('/');
    const swapped = [...parts];
    swapped[at + 5] = otherParts[at + 5]!;
    expect(verifyHelpCenterLink(swapped.join('/'), TEST_KEY)?.valid).toBe(false);
  });

  it('a field whose bytes are not UTF-8 decodes to nothing', () => {
    const { parts, at } = brianLink();
    // 0xff never starts a UTF-8 character: the obfuscation of that lone byte.
    const code = (0xff + key.shift.charCodeAt(0)).toString(36);
    const swapped = [...parts];
    swapped[at + 2] = code[1]! + code[0]!;
    const verified = verifyHelpCenterLink(swapped.join('/'), TEST_KEY);
    expect(verified?.name).toBeUndefined();
    expect(verified?.valid).toBe(false);
  });

  it('a text that is not a URL is no link at all', () => {
    expect(verifyHelpCenterLink('sso/x/y/z/w', TEST_KEY)).toBeNull();
  });

  it('a query parameter that is not a property is not read as one', () => {
    const { good, query } = brianLink();
    expect(query).toBeUndefined();
    const verified = verifyHelpCenterLink(`${good}?utm_source=${obfuscate('x', key)}`, TEST_KEY);
    expect(verified?.properties).toEqual({});
    expect(verified?.valid).toBe(true);
  });
});
