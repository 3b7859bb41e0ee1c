// chat.helpCenterLogin() in a real Express app: the External Login URL, with hostile return URLs.
import { once } from 'node:events';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import {
  useResponseChat,
  UseResponseConfigError,
  type UseResponseIdentity,
  type UseResponseOptions,
} from '../../src/index';
import { decodeLink } from '../../src/help-center/sso-link';
import { createTestApp } from '../support/app';
import { express } from '../support/express';
import { cdnCachingOf, setCdnCaching } from '../support/cdn-headers';
import { strictProxy } from '../support/strict-proxy';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const HELP_CENTER = { url: 'https://support.example.test', integrationDomain: 'example.test' };
const BRIAN = { id: 42, email: 'brian@example.com', name: 'Brian C.', properties: { property_172: '188' } };

function appWith(user: object | undefined, chatOptions: UseResponseOptions = {}, loginPath?: string) {
  const made = createTestApp({
    user,
    chat: {
      helpCenter: HELP_CENTER,
      identify: (req) => (req as { user?: UseResponseIdentity }).user ?? null,
      ...chatOptions,
    },
  });
  made.app.get('/help-center/login', made.chat.helpCenterLogin(loginPath === undefined ? undefined : { loginPath }));
  return made;
}

type RawGet = (path: string, headers?: Record<string, string>) => Promise<{ res: IncomingMessage; body: string }>;

/**
 * chat.helpCenterLogin() mounted at the root of a listening app; `run` asks it with raw paths,
 * which supertest would normalise ("//host", backslashes, "//[").
 */
async function withLoginAtRoot(identify: UseResponseOptions['identify'], run: (get: RawGet) => Promise<void>) {
  const made = createTestApp({ chat: { helpCenter: HELP_CENTER, identify } });
  made.app.use(made.chat.helpCenterLogin());
  const server = made.app.listen(0);
  try {
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await run(
      (path, headers = {}) =>
        new Promise((resolve, reject) =>
          http
            .get({ port, path, headers, timeout: 2000 }, (res) => {
              let body = '';
              res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
              res.on('end', () => resolve({ res, body }));
            })
            .on('error', reject),
        ),
    );
  } finally {
    server.close();
  }
}

/** One of the handler's error pages: HTML with no link, never stored, in English and legible on a phone. */
function expectErrorPage(res: request.Response, heading: string): void {
  expect(res.headers.location).toBeUndefined();
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.text).toContain(heading);
  expect(res.text).toContain('<html lang="en">');
  expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
}

describe('an identified visitor', () => {
  it('gets a 302 to the signed link, no-store and no-referrer', async () => {
    const { app, logger } = appWith(BRIAN);
    const res = await request(app).get('/help-center/login').expect(302);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const link = decodeLink(res.headers.location!, TEST_KEY);
    expect(link).toEqual({
      base: 'https://support.example.test',
      source: 'example.test',
      name: 'Brian C.',
      email: 'brian@example.com',
      id: '42',
      redirect: undefined,
      properties: { property_172: '188' },
      valid: true,
    });
    // The link is a credential: it is in the Location header and nowhere in the body.
    expect(res.text).not.toContain('/sso/');
    expect(logger.messages).toEqual([]);
  });

  // Their fetch cannot follow a redirect to the help center's origin, and would show the link to the page.
  it.each([
    ['a boosted htmx link', 'HX-Request', 'true'],
    ['a Turbo visit', 'X-Turbo-Request-Id', 'b2f7d1c4'],
  ])(
    '%s is told to load the URL as a page, which redirects; the link never reaches the script',
    async (_by, name, value) => {
      await withLoginAtRoot(
        () => BRIAN,
        async (get) => {
          for (const [path, same] of [
            ['/help-center/login?redirect=%2Ftopic%2F1', '/help-center/login?redirect=%2Ftopic%2F1'],
            // Never to another site: "//host" and "/\\host" are other hosts to a browser.
            ['//evil.example/x', '/evil.example/x'],
            ['/\\evil.example/x', '/evil.example/x'],
          ]) {
            const { res, body } = await get(path!, { [name]: value });
            expect(res.statusCode).toBe(200);
            expect(res.headers['hx-redirect']).toBe(same);
            expect(body).toContain('<meta name="turbo-visit-control" content="reload">');
            expect(res.headers.location).toBeUndefined();
            expect(JSON.stringify(res.headers) + body).not.toContain('/sso/');
            expect(res.headers['cache-control']).toBe('no-store');
          }
          // The page load that follows gets the redirect.
          const { res } = await get('/help-center/login');
          expect(res.statusCode).toBe(302);
          expect(decodeLink(res.headers.location!, TEST_KEY)?.valid).toBe(true);
        },
      );
    },
  );

  it("drops the CDN's own caching headers from the redirect, which carries a credential", async () => {
    const made = createTestApp({
      user: BRIAN,
      chat: { helpCenter: HELP_CENTER },
      before: [setCdnCaching],
    });
    made.app.get('/help-center/login', made.chat.helpCenterLogin());
    const res = await request(made.app).get('/help-center/login').expect(302);
    expect(cdnCachingOf(res.headers)).toEqual([]);
  });

  it('the default identify reads req.user.id, a string or a number', async () => {
    for (const id of ['u-7', 7]) {
      const { app } = createTestApp({
        user: { id, email: 'a@example.com', name: 'A' },
        chat: { helpCenter: HELP_CENTER },
      });
      app.get('/hc', useResponseChat({ securityKey: TEST_KEY, helpCenter: HELP_CENTER }).helpCenterLogin());
      const res = await request(app).get('/hc').expect(302);
      expect(decodeLink(res.headers.location!, TEST_KEY)?.id).toBe(String(id));
    }
  });

  it('a visitor whose properties are null still gets the link', async () => {
    const { app, logger } = appWith({ ...BRIAN, properties: null });
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)).toEqual(
      expect.objectContaining({ valid: true, id: '42', properties: {} }),
    );
    expect(logger.messages).toEqual([]);
  });

  it('keeps a return URL on the help center', async () => {
    const { app, logger } = appWith(BRIAN);
    const target = 'https://support.example.test/topic/1?x=1#top';
    const res = await request(app)
      .get(`/help-center/login?redirect=${encodeURIComponent(target)}`)
      .expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.redirect).toBe(target);
    expect(logger.messages).toEqual([]);
  });

  it('reads the return URL from the parameter named by returnParam', async () => {
    const { app } = appWith(BRIAN, { helpCenter: { ...HELP_CENTER, returnParam: 'return_to' } });
    const res = await request(app).get('/help-center/login?return_to=%2Ftopic%2F9&redirect=%2Fignored').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.redirect).toBe('https://support.example.test/topic/9');
  });

  const HOSTILE_RETURNS = [
    'https://evil.example/topic/1',
    '//evil.example/topic/1',
    '///evil.example/',
    'https://support.example.test@evil.example/',
    'https://user:pw@support.example.test/',
    'https://support.example.test.evil.example/',
    'https://evilsupport.example.test/',
    'javascript:alert(document.domain)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'http://support.example.test/topic/1',
    'https:\\\\evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    ' https://support.example.test/',
    '\thttps://evil.example/',
    'https://support.example.test:8443/',
    'java\nscript:alert(1)',
  ];

  it.each(HOSTILE_RETURNS)('drops the return URL %j and lands on the home page, with a warning', async (hostile) => {
    const { app, logger } = appWith(BRIAN);
    const res = await request(app)
      .get(`/help-center/login?redirect=${encodeURIComponent(hostile)}`)
      .expect(302);
    const location = res.headers.location!;
    expect(location.startsWith('https://support.example.test/sso/')).toBe(true);
    const link = decodeLink(location, TEST_KEY);
    expect(link?.valid).toBe(true);
    expect(link?.redirect).toBeUndefined();
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toMatch(/not on the help center's origin/);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(logger.messages[0]).not.toMatch(/[\u0000-\u001f]/);
  });
});

describe('an anonymous visitor', () => {
  it('is sent to the login page with a way back, no-store', async () => {
    const { app } = appWith(undefined);
    const res = await request(app).get('/help-center/login?redirect=%2Ftopic%2F1').expect(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/help-center/login?redirect=%2Ftopic%2F1')}`);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('to the loginPath given, keeping its own query', async () => {
    const { app } = appWith(undefined, {}, '/account/sign-in?via=hc');
    const res = await request(app).get('/help-center/login').expect(302);
    expect(res.headers.location).toBe('/account/sign-in?via=hc&next=%2Fhelp-center%2Flogin');
  });
});

// A logged-in visitor whose identity cannot be read right now (the user store is down) is not an
// anonymous one: sent to the login page, they would log in again and come back to the same failure,
// or loop, on a site whose login page sends a logged-in visitor straight on to `next`.
describe('a visitor whose identify() fails', () => {
  const failures: [string, UseResponseOptions['identify'], RegExp][] = [
    [
      'throws',
      () => {
        throw new Error('user store down');
      },
      /identify\(\) threw "Error: user store down"/,
    ],
    [
      'rejects',
      () => Promise.reject(new Error('user store down')),
      /identify\(\) rejected with "Error: user store down"/,
    ],
    ['hangs past identifyTimeoutMs', () => new Promise<never>(() => {}), /identify\(\) did not settle within 30 ms/],
  ];

  it.each(failures)(
    'that %s gets a 503 page saying to try again, no link and no trip to the login page, and a warning',
    async (_how, identify, warning) => {
      const { app, logger } = appWith(undefined, { identify, identifyTimeoutMs: 30 });
      const res = await request(app).get('/help-center/login?redirect=%2Ftopic%2F1').timeout(2000).expect(503);
      expectErrorPage(res, 'Cannot sign in to the help center right now');
      // app.use(chat) runs identify() too, and says what that means for a page.
      const ours = logger.messages.filter((message) => message.includes('help-center'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toMatch(warning);
      expect(ours[0]).toMatch(/no help-center link was made, and the visitor gets a page saying to try again\.$/);
    },
  );

  it('asked by Turbo or htmx, is first told to load the page, as an identified visitor is', async () => {
    const { app } = appWith(undefined, { identify: () => Promise.reject(new Error('user store down')) });
    const res = await request(app).get('/help-center/login').set('HX-Request', 'true').expect(200);
    expect(res.headers['hx-redirect']).toBe('/help-center/login');
  });
});

describe('a visitor without an id or with an unusable email', () => {
  it.each([
    ['no id', { email: 'a@example.com', name: 'A' }, /has no id/],
    ['an email that is not a string', { id: 1, email: 5 }, /email/],
  ])('%s gets an error page (403), no link, and a warning', async (_what, user, warning) => {
    const { app, logger } = appWith(user);
    const res = await request(app).get('/help-center/login').expect(403);
    expectErrorPage(res, 'Cannot sign in to the help center');
    expect(logger.messages.join('\n')).toMatch(warning);
  });

  const throwing = (field: string) =>
    Object.defineProperty({ id: 42, email: 'brian@example.com', properties: { property_172: '188' } }, field, {
      enumerable: true,
      get() {
        throw new Error(`${field} not loaded`);
      },
    });
  const throwingProperty = () => ({
    id: 42,
    email: 'brian@example.com',
    properties: Object.defineProperty({}, 'property_172', {
      enumerable: true,
      get() {
        throw new Error('property not loaded');
      },
    }),
  });
  it.each([
    ['id', () => throwing('id')],
    ['name', () => throwing('name')],
    ['properties', () => throwing('properties')],
    ['a property', throwingProperty],
  ])('a getter of %s that throws gets the 403 page and a warning, with identify sync or async', async (_what, make) => {
    for (const identify of [() => make(), () => Promise.resolve(make())]) {
      const { app, logger } = appWith(undefined, { identify });
      const res = await request(app).get('/help-center/login').timeout(2000).expect(403);
      expect(res.headers.location).toBeUndefined();
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Cannot sign in to the help center');
      expect(logger.messages).toEqual([
        expect.stringMatching(
          /reading the visitor's identity threw "Error: .*not loaded"; no help-center link was made/,
        ),
      ]);
    }
  });
});

describe('whatever the request and the app around it', () => {
  it('a visitor given as a strict Proxy, which throws for any field it lacks ("then" included), gets the link', async () => {
    const { app, logger } = appWith(undefined, { identify: () => strictProxy(BRIAN) });
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)).toEqual(
      expect.objectContaining({ valid: true, id: '42', email: BRIAN.email }),
    );
    expect(logger.messages).toEqual([]);
  });

  const identifies = [
    ['sync', () => BRIAN],
    ['async', () => Promise.resolve(BRIAN)],
  ] as const;

  it.each(identifies)('a path no URL parser takes still gets the link (identify %s)', async (_how, identify) => {
    await withLoginAtRoot(identify, async (get) => {
      const { res } = await get('//[?redirect=%2Ftopic%2F1');
      expect(res.statusCode).toBe(302);
      expect(decodeLink(res.headers.location!, TEST_KEY)).toEqual(
        expect.objectContaining({ valid: true, id: '42', redirect: 'https://support.example.test/topic/1' }),
      );
    });
  });

  it.each(identifies)(
    "what fails while responding reaches the app's error handler (identify %s)",
    async (_how, identify) => {
      const made = createTestApp({
        chat: { helpCenter: HELP_CENTER, identify },
        // An app that sends its headers early: the handler's own can no longer be set.
        before: [
          (_req, res, next) => {
            res.flushHeaders();
            next();
          },
        ],
      });
      const errors: unknown[] = [];
      made.app.get('/hc', made.chat.helpCenterLogin());
      made.app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
        errors.push((error as { code?: unknown }).code);
        res.end();
      });
      await request(made.app).get('/hc').timeout(2000);
      expect(errors).toEqual(['ERR_HTTP_HEADERS_SENT']);
    },
  );
});

describe('start-up', () => {
  function configError(options: unknown, login?: unknown): UseResponseConfigError {
    const error = thrown(() => {
      const chat = useResponseChat({ securityKey: TEST_KEY, ...(options as object) });
      chat.helpCenterLogin(login as never);
    });
    expect(error).toBeInstanceOf(UseResponseConfigError);
    expect(error.message).not.toContain(TEST_KEY);
    return error as UseResponseConfigError;
  }

  it.each([
    [
      'http on a public host',
      { url: 'http://support.example.test', integrationDomain: 'example.test' },
      'helpCenter.url',
    ],
    ['credentials', { url: 'https://a:b@support.example.test', integrationDomain: 'example.test' }, 'helpCenter.url'],
    ['a query', { url: 'https://support.example.test/?x', integrationDomain: 'example.test' }, 'helpCenter.url'],
    ['a fragment', { url: 'https://support.example.test/#x', integrationDomain: 'example.test' }, 'helpCenter.url'],
    ['not a URL', { url: 'support.example.test', integrationDomain: 'example.test' }, 'helpCenter.url'],
    ['no integrationDomain', { url: 'https://support.example.test' }, 'helpCenter.integrationDomain'],
    [
      'a URL as integrationDomain',
      { url: 'https://s.test', integrationDomain: 'https://example.test/' },
      'helpCenter.integrationDomain',
    ],
    ['a bad returnParam', { ...HELP_CENTER, returnParam: 'a b' }, 'helpCenter.returnParam'],
    ['an unknown key', { ...HELP_CENTER, loginUrl: '/x' }, '"loginUrl"'],
  ])('helpCenter with %s is refused, naming it', (_what, helpCenter, named) => {
    expect(configError({ helpCenter }).message).toContain(named);
  });

  it.each(['http://localhost:3001', 'http://127.0.0.1:3001/help', 'http://[::1]:3001'])(
    'plain http is allowed on loopback (%s)',
    (url) => {
      expect(() =>
        useResponseChat({ securityKey: TEST_KEY, helpCenter: { url, integrationDomain: 'localhost' } }),
      ).not.toThrow();
    },
  );

  it('helpCenterLogin() without the helpCenter option says what to add', () => {
    expect(configError({}).message).toContain('`helpCenter`');
  });

  it.each(['//evil.example', 'login', '/\\evil.example', 'https://evil.example/login'])(
    'a loginPath that could leave the site (%j) is refused',
    (loginPath) => {
      expect(configError({ helpCenter: HELP_CENTER }, { loginPath }).message).toContain('loginPath');
    },
  );

  // "/login#form?next=…" would put the way back in the fragment, which the login page never gets.
  it.each(['/login#form', '/#/login'])('a loginPath with a fragment (%j) is refused, saying why', (loginPath) => {
    const error = configError({ helpCenter: HELP_CENTER }, { loginPath });
    expect(error.code).toBe('ERR_USERESPONSE_OPTION_TYPE');
    expect(error.message).toMatch(/`loginPath`.*fragment/);
  });
});

// identify() may cost a trip to the user store; the External Login URL behind app.use(chat) reads
// the visitor the middleware already read for the same request.
describe('how often identify() runs on the External Login URL', () => {
  function countingApp(
    answers: (() => unknown)[],
    { otherChatAfter = false, identifyTimeoutMs }: { otherChatAfter?: boolean; identifyTimeoutMs?: number } = {},
  ) {
    let calls = 0;
    const identify = () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!;
      calls += 1;
      return answer() as ReturnType<NonNullable<UseResponseOptions['identify']>>;
    };
    const other = useResponseChat({ securityKey: 'another key of 32 characters or more', identify: () => null });
    const made = createTestApp({
      chat: { helpCenter: HELP_CENTER, identify, ...(identifyTimeoutMs === undefined ? {} : { identifyTimeoutMs }) },
      before: otherChatAfter ? [other] : [],
    });
    made.app.get('/help-center/login', made.chat.helpCenterLogin());
    return { ...made, calls: () => calls };
  }

  it.each([
    ['returns', () => BRIAN],
    ['resolves with', () => Promise.resolve(BRIAN)],
  ])('once when it %s the visitor, who gets the link', async (_how, answer) => {
    const { app, calls } = countingApp([answer]);
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.email).toBe('brian@example.com');
    expect(calls()).toBe(1);
  });

  it.each([
    ['null', () => null],
    ['undefined', () => undefined],
  ])('once when it gives %s: the visitor is sent to log in', async (_what, answer) => {
    const { app, calls } = countingApp([answer]);
    const res = await request(app).get('/help-center/login').expect(302);
    expect(res.headers.location).toBe('/login?next=%2Fhelp-center%2Flogin');
    expect(calls()).toBe(1);
  });

  it('twice when it failed for app.use(chat): asked again, it may answer now', async () => {
    const { app, calls, logger } = countingApp([
      () => {
        throw new Error('user store down');
      },
      () => BRIAN,
    ]);
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.valid).toBe(true);
    expect(calls()).toBe(2);
    expect(logger.messages).toEqual([expect.stringMatching(/identify\(\) threw "Error: user store down"/)]);
  });

  it('once when it timed out for app.use(chat): asked again, it would hold the visitor as long once more', async () => {
    const { app, calls, logger } = countingApp([() => new Promise(() => {}), () => BRIAN], { identifyTimeoutMs: 30 });
    const res = await request(app).get('/help-center/login').timeout(2000).expect(503);
    expectErrorPage(res, 'Cannot sign in to the help center right now');
    expect(res.headers.location).toBeUndefined();
    expect(calls()).toBe(1);
    expect(logger.messages).toEqual([
      'express-useresponse: identify() did not settle within 30 ms; the page renders without the chat identity.',
      'express-useresponse: identify() did not settle within 30 ms; no help-center link was made, and the visitor gets a page saying to try again.',
    ]);
  });

  it('once, by the handler itself, when app.use(chat) is not mounted', async () => {
    let calls = 0;
    const chat = useResponseChat({
      securityKey: TEST_KEY,
      helpCenter: HELP_CENTER,
      identify: () => {
        calls += 1;
        return BRIAN;
      },
    });
    const app = express();
    app.get('/help-center/login', chat.helpCenterLogin());
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.email).toBe('brian@example.com');
    expect(calls).toBe(1);
  });

  it("once more when the state on the response is another chat's, whose identify is not ours", async () => {
    const { app, calls } = countingApp([() => BRIAN], { otherChatAfter: true });
    // app.use(chat) runs first, then the other chat replaces the helper and its state.
    const res = await request(app).get('/help-center/login').expect(302);
    expect(decodeLink(res.headers.location!, TEST_KEY)?.email).toBe('brian@example.com');
    expect(calls()).toBe(2);
  });
});
