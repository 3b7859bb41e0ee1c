// The helper through real template engines: its output must arrive unescaped and intact.
import path from 'node:path';
import { engine as handlebars } from 'express-handlebars';
import nunjucks from 'nunjucks';
import request from 'supertest';
import { computeToken, useResponseChat } from '../../src/index';
import { recordingLogger, WIDGET_SRC } from '../support/app';
import { express, EXPRESS_MAJOR, EXPRESS_VERSION } from '../support/express';
import { elementsOf, scriptElements } from '../support/html';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import type { Express } from 'express';

const VIEWS = path.join(__dirname, '..', 'views', 'engines');
const HOSTILE_NAME = `</script><script>window.__pwned=1</script> & "quotes" 'and' <b>tags</b> \u2028`;

const ENGINES: Record<string, (app: Express) => void> = {
  EJS: (app) => app.set('view engine', 'ejs'),
  Pug: (app) => app.set('view engine', 'pug'),
  Handlebars: (app) => {
    // express-handlebars returns a promise and also calls Express's callback.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    app.engine('hbs', handlebars({ extname: '.hbs', defaultLayout: false }));
    app.set('view engine', 'hbs');
  },
  'Nunjucks (autoescape on)': (app) => {
    nunjucks.configure(VIEWS, { autoescape: true, express: app });
    app.set('view engine', 'njk');
  },
};

it(`runs on Express ${EXPRESS_MAJOR}`, () => {
  expect(Number(EXPRESS_VERSION.split('.')[0])).toBe(EXPRESS_MAJOR);
});

describe.each(Object.keys(ENGINES))('%s', (name) => {
  function appWith(nonce?: string) {
    const logger = recordingLogger();
    const app = express();
    app.set('views', VIEWS);
    ENGINES[name]!(app);
    app.use((req, res, next) => {
      (req as { user?: unknown }).user = { email: 'engine@example.com', name: HOSTILE_NAME };
      if (nonce) res.locals.cspNonce = nonce;
      next();
    });
    app.use(useResponseChat({ securityKey: TEST_KEY, widgetSrc: WIDGET_SRC, logger }));
    app.get('/', (_req, res) => res.render('page', { title: 'Engine' }));
    return { app, logger };
  }

  it('renders the helper unescaped: two scripts, nothing injected, the data intact', async () => {
    const { app, logger } = appWith('bm9uY2U=');
    const res = await request(app).get('/').expect(200);
    expect(scriptElements(res.text)).toHaveLength(2);
    expect(elementsOf(res.text).map((e) => e.tagName)).toEqual([
      'html',
      'head',
      'title',
      'body',
      'h1',
      'script',
      'script',
    ]);
    expect(res.text).not.toContain('&lt;script');
    expect(res.text).not.toContain('&quot;');
    const page = await runPage(res.text);
    expect((page.window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
    expect(page.calls()).toEqual([
      {
        method: 'userConfig',
        args: [
          {
            token: computeToken(TEST_KEY, 'engine@example.com'),
            userEmail: 'engine@example.com',
            userName: HOSTILE_NAME,
            properties: {},
          },
        ],
      },
    ]);
    expect(logger.messages).toEqual([]);
  });

  it('gives the same bytes as calling the helper directly', async () => {
    const { app } = appWith('bm9uY2U=');
    app.get('/direct', (_req, res) => res.send(res.locals.useresponseChat()));
    const direct = (await request(app).get('/direct')).text;
    const rendered = (await request(app).get('/')).text;
    expect(rendered).toContain(direct);
  });
});
