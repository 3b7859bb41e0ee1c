// The demo site: sessions, a passport-local login, helmet's strict CSP, and the UseResponse chat.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { computeToken, useResponseChat } from 'express-useresponse';
import { DEMO_INSTANCE_ID, DEMO_SDK_PATH, type Settings } from './settings.js';
import { checkPassword, findUser, USERS, type DemoUser } from './users.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport's req.user is our demo user.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends DemoUser {}
  }
}

const root = path.join(__dirname, '..');

passport.use(
  new LocalStrategy({ usernameField: 'email' }, (email, password, done) =>
    done(null, checkPassword(email, password) ?? false),
  ),
);
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id: string, done) => done(null, findUser(id) ?? false));

/** A path on this site to return to after logging in, or '/' for anything that could leave it. */
function localPath(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\\]/.test(value) ? value : '/';
}

/** `helpCenterUrl`: the help center in use, if any (the stand-in's address in demo mode). */
export function createApp(settings: Settings, helpCenterUrl: string | undefined = settings.helpCenterUrl): Express {
  const helpCenter =
    helpCenterUrl === undefined || settings.integrationDomain === undefined
      ? undefined
      : { url: helpCenterUrl, integrationDomain: settings.integrationDomain };
  const chat = useResponseChat({
    securityKey: settings.securityKey,
    widgetSrc: settings.widgetSrc,
    identify: (req) =>
      req.user
        ? { id: req.user.id, email: req.user.email, name: req.user.name, properties: req.user.properties }
        : null,
    // A session that expires, or ends with the browser, clears the chat too, not only a logout.
    clearOnSessionEnd: true,
    helpCenter,
  });

  const app = express();
  app.set('views', path.join(root, 'views'));
  app.set('view engine', 'ejs');

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  // The widget's origin where the real SDK needs it; empty lists in demo mode.
  const widget = chat.cspDirectives();
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: [
            (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce as string}'`,
            "'strict-dynamic'",
          ],
          connectSrc: ["'self'", ...widget.connectSrc],
          frameSrc: ["'self'", ...widget.frameSrc],
          imgSrc: ["'self'", 'data:', ...widget.imgSrc],
          styleSrc: ["'self'", ...widget.styleSrc],
          // After the login form, the browser follows redirects to the help center's signed link:
          // form-action covers those too.
          formAction: ["'self'", ...(helpCenter === undefined ? [] : [new URL(helpCenter.url).origin])],
          // The demo runs on plain http://localhost: upgrading would break it.
          upgradeInsecureRequests: null,
        },
      },
      // HSTS on localhost would follow the browser to every other local project.
      strictTransportSecurity: false,
    }),
  );
  app.use('/public', express.static(path.join(root, 'public')));
  // express-useresponse/browser as the browser gets it without a bundler (an app with one imports it).
  app.use('/vendor/express-useresponse', express.static(path.join(root, '..', 'dist', 'browser')));
  if (settings.demo) {
    app.get(DEMO_SDK_PATH, (_req, res) => res.sendFile(path.join(root, 'public', 'stand-in-sdk.js')));
  }
  app.use(express.urlencoded({ extended: false }));
  app.use(
    session({
      secret: settings.sessionSecret,
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  );
  app.use(passport.session());
  app.use(chat);
  app.use((req, res, next) => {
    res.locals.user = req.user ?? null;
    res.locals.demo = settings.demo;
    res.locals.demoInstanceId = DEMO_INSTANCE_ID;
    res.locals.demoSdkPath = DEMO_SDK_PATH;
    next();
  });

  app.get('/', (_req, res) => res.render('home', { title: 'Home' }));
  app.get('/account', (_req, res) => res.render('account', { title: 'Your account' }));
  app.get('/login', (req, res) =>
    res.render('login', {
      title: 'Log in',
      users: USERS,
      failed: req.query.failed !== undefined,
      next: localPath(req.query.next),
    }),
  );
  // Back to `next` after logging in: how a visitor coming from the help center returns to it.
  app.post('/login', (req, res, next) => {
    const back = localPath((req.body as { next?: unknown }).next);
    passport.authenticate('local', (error: unknown, user: DemoUser | false) => {
      if (error) return next(error);
      if (!user) return res.redirect(`/login?failed&next=${encodeURIComponent(back)}`);
      req.logIn(user, (loginError) => (loginError ? next(loginError) : res.redirect(back)));
    })(req, res, next);
  });
  const logout = [
    chat.logout(),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
      req.logout((error) => (error ? next(error) : res.redirect('/')));
    },
  ];
  app.post('/logout', ...logout);

  // The single-page app: the page is a shell, the chat follows a JSON config (express-useresponse/browser).
  app.get('/useresponse/config', chat.configHandler());
  app.get('/spa', (_req, res) => res.render('spa', { title: 'Single-page app' }));
  // A JSON body cannot come from another site's form, and the session cookie is SameSite=Lax.
  app.post('/api/session', express.json(), (req, res, next) => {
    const { email, password } = (req.body ?? {}) as { email?: unknown; password?: unknown };
    const user = typeof email === 'string' && typeof password === 'string' ? checkPassword(email, password) : undefined;
    if (!user) return void res.status(401).json({ error: 'Wrong email or password.' });
    req.logIn(user, (error) => (error ? next(error) : res.status(204).end()));
  });
  app.delete('/api/session', (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.status(204).end()));
  });

  if (helpCenter !== undefined) {
    // The External Login URL entered in UseResponse.
    app.get('/help-center/login', chat.helpCenterLogin());
    // The External Logout URL. A GET that logs out could be fired by any page (<img src=…>, a link on
    // another site), so it acts at once only on a top-level navigation from the same site (the help
    // center on a subdomain; Sec-Fetch-Site counts every hop of a redirect chain) or one whose Referer
    // is the help center. Anything else gets a button to confirm.
    const helpCenterOrigin = new URL(helpCenter.url).origin;
    app.get(
      '/help-center/logout',
      (req, res, next) => {
        const referer = req.get('Referer');
        const site = req.get('Sec-Fetch-Site');
        const fromHelpCenter =
          req.get('Sec-Fetch-Dest') === 'document' &&
          (site === 'same-origin' ||
            site === 'same-site' ||
            (referer !== undefined && URL.canParse(referer) && new URL(referer).origin === helpCenterOrigin));
        if (fromHelpCenter || !req.user) next();
        else res.set('Cache-Control', 'no-store').render('logout-confirm', { title: 'Log out' });
      },
      ...logout,
    );
  }

  if (settings.demo) {
    // Stands in for UseResponse's server, which checks the token the same way. Demo mode only.
    app.post('/demo/verify', express.json(), (req, res) => {
      const { userEmail, token } = (req.body ?? {}) as { userEmail?: unknown; token?: unknown };
      const valid =
        typeof userEmail === 'string' &&
        typeof token === 'string' &&
        computeToken(settings.securityKey, userEmail) === token;
      res.set('Cache-Control', 'no-store').json({ valid });
    });
  }
  return app;
}
