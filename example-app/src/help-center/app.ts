// A stand-in for UseResponse's help center: a "Log in" that goes to the site's External Login URL,
// the /sso/…/direct-sso endpoint that verifies the signed link, and a "Log out" to the External Logout URL.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import helmet from 'helmet';
import { verifyLink, type VerifiedUser } from './verify-link.js';

export interface HelpCenterSettings {
  securityKey: string;
  integrationDomain: string;
  /** The site's address, known once it listens. */
  siteUrl: () => string;
}

const SESSION_COOKIE = 'hc_session';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, user: VerifiedUser | undefined, siteUrl: string, here: string): string {
  const login = `${siteUrl}/help-center/login?redirect=${encodeURIComponent(here)}`;
  const nav = user
    ? `<span class="who" id="hc-user">Signed in as ${escapeHtml(user.name)} &lt;${escapeHtml(user.email)}&gt;</span> <a id="hc-logout" href="/logout">Log out</a>`
    : `<a id="hc-login" href="${escapeHtml(login)}">Log in</a>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Help center (stand-in)</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/public/demo.css"></head>
<body class="help-center"><header><a href="/" class="brand">Acme Help Center <small>(stand-in for UseResponse)</small></a><nav><a href="/">Home</a> <a href="/topic/1">Topic 1</a> ${nav}</nav></header>
<main>${body}</main></body></html>`;
}

export function createHelpCenter(settings: HelpCenterSettings): Express {
  const sessions = new Map<string, VerifiedUser>();
  const app = express();
  app.use(
    helmet({
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null },
      },
    }),
  );
  app.use('/public', express.static(path.join(__dirname, '..', '..', 'public')));

  const userOf = (req: Request) => {
    const id = /(?:^|;\s*)hc_session=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1];
    return id === undefined ? undefined : sessions.get(id);
  };
  const here = (req: Request) => `${req.protocol}://${req.get('host')}${req.originalUrl}`;
  const send = (req: Request, res: Response, title: string, body: string, status = 200) =>
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(page(title, body, userOf(req), settings.siteUrl(), here(req)));

  app.get('/', (req, res) => {
    const user = userOf(req);
    send(
      req,
      res,
      'Home',
      user
        ? `<h1>Welcome, ${escapeHtml(user.name)}</h1><dl id="hc-identity"><dt>email</dt><dd>${escapeHtml(user.email)}</dd><dt>id</dt><dd>${escapeHtml(user.id)}</dd><dt>properties</dt><dd>${escapeHtml(JSON.stringify(user.properties))}</dd></dl>`
        : '<h1>Help center</h1><p>You are not signed in. "Log in" sends you to the site, which signs you in here.</p>',
    );
  });
  app.get('/topic/:n', (req, res) =>
    send(
      req,
      res,
      `Topic ${req.params.n}`,
      `<h1 id="topic">Topic ${escapeHtml(req.params.n)}</h1><p>An article of the knowledge base.</p>`,
    ),
  );

  // UseResponse's direct-sso endpoint: verify the link with the key, then sign the visitor in.
  app.get('/sso/:source/:name/:email/:id/:hash/direct-sso', (req, res) => {
    const { source, name, email, id, hash } = req.params;
    const query = new URL(req.originalUrl, 'http://help-center.invalid').searchParams;
    const user = verifyLink([source, name, email, id, hash], query, settings.securityKey, settings.integrationDomain);
    if (user === undefined) {
      send(
        req,
        res,
        'Sign-in refused',
        '<h1 id="sso-refused">This sign-in link is not valid</h1><p>It was changed, or signed with another key.</p>',
        403,
      );
      return;
    }
    const session = randomBytes(16).toString('hex');
    sessions.set(session, user);
    const redirect = query.get('redirect');
    const target =
      redirect !== null && new URL(redirect, here(req)).origin === new URL(here(req)).origin ? redirect : '/';
    res
      .set('Cache-Control', 'no-store')
      .cookie(SESSION_COOKIE, session, { httpOnly: true, sameSite: 'lax' })
      .redirect(302, target);
  });

  // The help center's own logout, then the site's External Logout URL.
  app.get('/logout', (req, res) => {
    const id = /(?:^|;\s*)hc_session=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1];
    if (id !== undefined) sessions.delete(id);
    res.clearCookie(SESSION_COOKIE).redirect(302, `${settings.siteUrl()}/help-center/logout`);
  });
  return app;
}
