// Type tests, checked by `tsc --noEmit` (npm run typecheck): what a consumer can and cannot write.
import type { Request, RequestHandler, Response } from 'express';
import {
  computeToken,
  helpCenterSsoUrl,
  type HelpCenterOptions,
  useResponseChat,
  UseResponseConfigError,
  type UseResponseChat,
  type UseResponseChatConfig,
  type UseResponseClientConfig,
  type UseResponseConfigErrorCode,
  type UseResponseCspDirectives,
  type UseResponseIdentity,
  type UseResponseLogger,
  type UseResponseOptions,
} from '../../src/index';

export function typeTests(req: Request, res: Response): void {
  // res.locals is typed through declare global { namespace Express { interface Locals } }.
  const config: UseResponseChatConfig | null = res.locals.useresponse;
  const html: string = res.locals.useresponseChat();
  res.locals.useresponseSkip = true;
  // @ts-expect-error: the config may be null for an anonymous visitor
  const notNull: UseResponseChatConfig = res.locals.useresponse;
  // @ts-expect-error: the helper returns a string
  const notNumber: number = res.locals.useresponseChat();
  // @ts-expect-error: useresponseSkip is a boolean
  res.locals.useresponseSkip = 'yes';
  // @ts-expect-error: properties are strings once sanitised
  const property: number = res.locals.useresponse!.properties.property_1!;

  const chat: UseResponseChat = useResponseChat({
    securityKey: 'k',
    widgetSrc: 'https://help.example.com/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-1.js',
    identify: (r: Request): Promise<UseResponseIdentity | null> =>
      Promise.resolve(r.ip ? { email: 'a@b.c', properties: { property_1: 1, property_2: true } } : null),
    logger: { warn: (message: string) => void message },
    nonce: (_r, response) => response.locals.cspNonce as string | undefined,
    clearOnPageClose: true,
    clearOnSessionEnd: true,
    identifyTimeoutMs: 500,
    autoInclude: true,
    excludePaths: ['/admin', /^\/api\//],
  });
  useResponseChat();
  useResponseChat({ identify: () => undefined });

  const helpCenter: HelpCenterOptions = { url: 'https://support.example.com', integrationDomain: 'example.com' };
  const withHelpCenter = useResponseChat({
    helpCenter,
    customFields: { plan: 172 },
    identify: () => ({ id: 42, email: 'a@b.c', properties: { plan: 'pro' } }),
  });
  const login: RequestHandler = withHelpCenter.helpCenterLogin({ loginPath: '/sign-in' });
  const link: string = helpCenterSsoUrl({
    securityKey: 'k',
    helpCenterUrl: helpCenter.url,
    integrationDomain: helpCenter.integrationDomain,
    user: { id: 'u-1', email: 'a@b.c', name: 'A' },
  });
  // @ts-expect-error: the help center needs its Integration Domain
  useResponseChat({ helpCenter: { url: 'https://support.example.com' } });
  // @ts-expect-error: customFields map names to numeric ids
  useResponseChat({ customFields: { plan: '172' } });
  const noId = { email: 'a@b.c' };
  // @ts-expect-error: helpCenterSsoUrl needs the user's id
  helpCenterSsoUrl({ securityKey: 'k', helpCenterUrl: 'https://s.test', integrationDomain: 'e.test', user: noId });
  void login;
  void link;
  // @ts-expect-error: an unknown option is a compile error too
  useResponseChat({ widgetSRC: 'x' });
  // @ts-expect-error: identify must return an identity, not a string
  useResponseChat({ identify: () => 'a@b.c' });
  // @ts-expect-error: the email is required
  useResponseChat({ identify: () => ({ name: 'No Email' }) });
  // @ts-expect-error: clearOnPageClose is a boolean
  useResponseChat({ clearOnPageClose: 'yes' });
  // @ts-expect-error: the logger needs warn
  useResponseChat({ logger: { log: () => undefined } });
  // An async logger (a log shipper) is typed as such, so no-misused-promises has nothing to flag.
  const shipped: ReturnType<UseResponseLogger['warn']> = Promise.resolve();
  useResponseChat({ logger: { warn: async (message: string) => void (await Promise.resolve(message)) } });

  const hash: string = chat.cspScriptHash;
  // @ts-expect-error: cspScriptHash is read-only
  chat.cspScriptHash = 'x';
  const directives: UseResponseCspDirectives = chat.cspDirectives();
  const sources: string[] = directives.scriptSrc;
  chat.logout()(req, res, () => undefined);
  chat.configHandler()(req, res, () => undefined);
  const client: UseResponseClientConfig = { widgetSrc: null, identity: config };

  const token: string = computeToken('key', 'a@b.c');
  // @ts-expect-error: computeToken takes two strings
  computeToken('key');
  const error = new UseResponseConfigError('ERR_USERESPONSE_OPTIONS', 'message');
  const code: UseResponseConfigErrorCode = error.code;
  // @ts-expect-error: codes are a closed set
  const badCode: UseResponseConfigErrorCode = 'ERR_SOMETHING_ELSE';
  const options: UseResponseOptions = {};

  void [html, notNull, notNumber, property, hash, sources, client, token, code, badCode, options, shipped];
}
