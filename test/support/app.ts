// A real Express 5 app with EJS views around the package, and a logger that records warnings.
import path from 'node:path';
import type { Express, Request, RequestHandler } from 'express';
import { express } from './express';
import {
  useResponseChat,
  type UseResponseChat,
  type UseResponseLogger,
  type UseResponseOptions,
} from '../../src/index';
import { recordOutput, TEST_KEY } from './secrets';

export const WIDGET_SRC =
  'https://help.example.test/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js';

export interface RecordingLogger extends UseResponseLogger {
  readonly messages: string[];
}

/** Records every warning, and hands it to the secret guard too. */
export function recordingLogger(): RecordingLogger {
  const messages: string[] = [];
  return {
    messages,
    warn(message: string) {
      recordOutput(message);
      messages.push(message);
    },
  };
}

export interface TestAppOptions {
  chat?: UseResponseOptions;
  /** Sets req.user from this, per request; a function may read the request. */
  user?: object | ((req: Request) => unknown);
  /** Sets res.locals.cspNonce. */
  nonce?: string;
  /** Runs after app.use(chat), before the routes. */
  before?: RequestHandler[];
}

export interface TestApp {
  app: Express;
  chat: UseResponseChat;
  logger: RecordingLogger;
}

/**
 * Routes: GET / renders EJS with the helper; GET /plain renders EJS without it; GET /api returns
 * JSON; GET /config returns res.locals.useresponse; POST /logout and GET /logout-page log out.
 */
export function createTestApp(options: TestAppOptions = {}): TestApp {
  const logger = recordingLogger();
  const chat = useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, logger, ...options.chat });
  const app = express();
  app.set('views', path.join(__dirname, '..', 'views'));
  app.set('view engine', 'ejs');
  app.use((req, res, next) => {
    const user = typeof options.user === 'function' ? (options.user as (r: Request) => unknown)(req) : options.user;
    if (user !== undefined) (req as { user?: unknown }).user = user;
    if (options.nonce !== undefined) res.locals.cspNonce = options.nonce;
    next();
  });
  app.use(chat);
  for (const handler of options.before ?? []) app.use(handler);
  app.get('/', (_req, res) => res.render('page', { title: 'Home' }));
  app.get('/plain', (_req, res) => res.render('plain'));
  app.get('/api', (_req, res) => res.json({ ok: true }));
  app.get('/config', (_req, res) => res.json({ config: res.locals.useresponse }));
  app.post('/logout', chat.logout(), (req, res) => {
    delete (req as { user?: unknown }).user;
    res.redirect(303, '/');
  });
  app.get('/logout-page', chat.logout(), (_req, res) => res.render('page', { title: 'Signed out' }));
  return { app, chat, logger };
}
