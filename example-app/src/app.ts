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

export function createApp(settings: Settings): Express {
  const chat = useResponseChat({
    securityKey: settings.securityKey,
    widgetSrc: settings.widgetSrc,
    identify: (req) =>
      req.user ? { email: req.user.email, name: req.user.name, properties: req.user.properties } : null,
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
          // The demo runs on plain http://localhost: upgrading would break it.
          upgradeInsecureRequests: null,
        },
      },
      // HSTS on localhost would follow the browser to every other local project.
      strictTransportSecurity: false,
    }),
  );
  app.use('/public', express.static(path.join(root, 'public')));
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
    res.render('login', { title: 'Log in', users: USERS, failed: req.query.failed !== undefined }),
  );
  app.post('/login', passport.authenticate('local', { successRedirect: '/', failureRedirect: '/login?failed' }));
  app.post('/logout', chat.logout(), (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.redirect('/')));
  });

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
