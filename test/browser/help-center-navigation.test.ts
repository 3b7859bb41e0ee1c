// The help center's External Login URL reached by a Turbo 8 visit or a boosted htmx 2 or 4 link, in
// Chromium: the visitor lands on the help center signed in, and the signed link reaches no script.
import path from 'node:path';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Browser } from 'playwright-core';
import { useResponseChat } from '../../src/index';
import { verifyHelpCenterLink } from '../../src/testing/index';
import { TEST_KEY } from '../support/secrets';
import { describeInBrowser, launchChromium } from './chromium';

const NODE_MODULES = path.join(__dirname, '..', '..', 'node_modules');
const LIBRARIES = {
  turbo: { file: path.join(NODE_MODULES, '@hotwired', 'turbo', 'dist', 'turbo.es2017-umd.js'), body: '' },
  htmx: { file: path.join(NODE_MODULES, 'htmx.org', 'dist', 'htmx.min.js'), body: ' hx-boost="true"' },
  htmx4: { file: path.join(NODE_MODULES, 'htmx4', 'dist', 'htmx.min.js'), body: ' hx-boost:inherited="true"' },
};

async function listen(app: express.Express): Promise<{ server: Server; port: number }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

describeInBrowser('the help-center login from a Turbo or htmx page', () => {
  let browser: Browser;
  const servers: Server[] = [];
  /** What the stand-in help center was asked: method, path, and whether the browser itself navigated. */
  const asked: string[] = [];
  let helpCenterUrl = '';
  let siteUrl = '';

  beforeAll(async () => {
    // A help center on another origin (localhost against the site's 127.0.0.1) that checks the link.
    const helpCenter = express();
    helpCenter.use((req, res) => {
      asked.push(
        `${req.method} ${req.path.startsWith('/sso/') ? '/sso/…' : req.path} ${req.headers['sec-fetch-mode']}`,
      );
      const link = verifyHelpCenterLink(`${helpCenterUrl}${req.url}`, TEST_KEY);
      res.send(
        `<!doctype html><title>Help center</title><link rel="icon" href="data:,"><p id="who">${link?.valid ? link.email : 'nobody'}</p>`,
      );
    });
    const hc = await listen(helpCenter);
    servers.push(hc.server);
    helpCenterUrl = `http://localhost:${hc.port}`;

    const chat = useResponseChat({
      securityKey: TEST_KEY,
      identify: () => ({ id: 42, email: 'brian@example.com', name: 'Brian C.' }),
      helpCenter: { url: helpCenterUrl, integrationDomain: 'example.test' },
    });
    const site = express();
    for (const [name, library] of Object.entries(LIBRARIES)) {
      site.get(`/${name}.js`, (_req, res) => res.sendFile(library.file));
      site.get(`/${name}`, (_req, res) =>
        res.send(
          `<!doctype html><html><head><title>Site</title><link rel="icon" href="data:,"><script src="/${name}.js"></script></head>` +
            `<body${library.body}><a id="help" href="/help-center/login">Help center</a></body></html>`,
        ),
      );
    }
    site.get('/help-center/login', chat.helpCenterLogin());
    const s = await listen(site);
    servers.push(s.server);
    siteUrl = `http://127.0.0.1:${s.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it.each(Object.keys(LIBRARIES))(
    '%s: the link lands on the help center signed in, with no preflight',
    async (name) => {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      try {
        await page.goto(`${siteUrl}/${name}`);
        asked.length = 0;
        await Promise.all([page.waitForURL((url) => url.origin === helpCenterUrl), page.click('#help')]);
        await expect(page.textContent('#who')).resolves.toBe('brian@example.com');
        // Only the browser's own navigation reached the help center: no CORS preflight carried the link.
        expect(asked).toEqual(['GET /sso/… navigate']);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
