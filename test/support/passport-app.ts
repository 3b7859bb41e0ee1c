// A site as people build it: express-session, passport 0.7 with passport-local, EJS, and the chat.
import path from 'node:path';
import type { Express } from 'express';
import { express } from './express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { useResponseChat, type UseResponseOptions } from '../../src/index';
import { recordingLogger, WIDGET_SRC, type RecordingLogger } from './app';
import { TEST_KEY } from './secrets';

export const USERS = [
  { id: '1', email: 'brian@example.com', name: 'Brian C.', password: 'demo' },
  { id: '2', email: 'alice@example.com', name: 'Alice', password: 'demo' },
];

/** Each call is a separate instance: its own session store, nothing shared but the browser's cookies. */
export function createPassportApp(chatOptions: UseResponseOptions = {}): {
  app: Express;
  logger: RecordingLogger;
  /** The instance's sessions: clearing it ends them all, as expiry would. */
  sessions: session.MemoryStore;
} {
  const logger = recordingLogger();
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email' }, (email, password, done) => {
      const user = USERS.find((u) => u.email === email && u.password === password);
      done(null, user ?? false);
    }),
  );
  passport.serializeUser((user, done) => done(null, (user as { id: string }).id));
  passport.deserializeUser((id, done) => done(null, USERS.find((u) => u.id === id) ?? false));

  const chat = useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, logger, ...chatOptions });
  const app = express();
  app.set('views', path.join(__dirname, '..', 'views'));
  app.set('view engine', 'ejs');
  app.set('trust proxy', 'loopback');
  app.use(express.urlencoded({ extended: false }));
  const sessions = new session.MemoryStore();
  app.use(session({ secret: 'session-secret-for-tests', resave: false, saveUninitialized: false, store: sessions }));
  app.use(passport.session());
  app.use(chat);
  app.get('/', (_req, res) => res.render('page', { title: 'Home' }));
  app.get('/plain', (_req, res) => res.render('plain'));
  app.post('/login', passport.authenticate('local', { successRedirect: '/', failureRedirect: '/' }));
  app.post('/logout', chat.logout(), (req, res, next) => {
    req.logout((error) => (error ? next(error) : res.redirect('/')));
  });
  return { app, logger, sessions };
}
