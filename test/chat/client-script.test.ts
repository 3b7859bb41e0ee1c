// The clientScript option: the bootstrap with the widget written in, as a cached external file, and the page's short markup.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Express, RequestHandler } from 'express';
import request from 'supertest';
import { useResponseChat, UseResponseConfigError } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { createTestApp, WIDGET_SRC, type TestAppOptions } from '../support/app';
import { express } from '../support/express';
import { attr, scriptElements, textOf } from '../support/html';
import { chatFragment, runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';
import { CLEAR_CALL, userConfigCall } from '../support/ur-calls';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
const INSTANCE_ID = 'uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709';

function appWithClientScript(options: TestAppOptions = { user: BRIAN }) {
  const made = createTestApp({
    nonce: 'bm9uY2U=',
    ...options,
    chat: { clientScript: '/assets/useresponse', ...options.chat },
  });
  made.app.use(made.chat.clientScript());
  return made;
}

/** The page at `path` and the client script it names, as a browser would fetch them. */
async function pageAndScript(app: ReturnType<typeof appWithClientScript>['app'], url = '/') {
  const html = (await request(app).get(url).expect(200)).text;
  const src = attr(scriptElements(html).at(-1)!, 'src')!;
  const script = (await request(app).get(src).expect(200)).text;
  return { html, src, script };
}

it('the page carries the data block and one deferred script element pointing at the hashed file', async () => {
  const { app } = appWithClientScript();
  const html = (await request(app).get('/').expect(200)).text;
  const [data, script] = scriptElements(html);
  expect(attr(data!, 'type')).toBe('application/json');
  expect(attr(data!, 'nonce')).toBe('bm9uY2U=');
  expect(attr(script!, 'src')).toMatch(/^\/assets\/useresponse\/client\.[0-9a-f]{16}\.js$/);
  expect(attr(script!, 'defer')).toBe('');
  expect(attr(script!, 'nonce')).toBe('bm9uY2U=');
  expect(textOf(script!)).toBe('');
  // What the chat adds to a page besides its data: at most 300 bytes.
  const chatMarkup = chatFragment(html);
  expect(Buffer.byteLength(chatMarkup) - Buffer.byteLength(textOf(data!))).toBeLessThanOrEqual(300);
  // The widget is in the file, not repeated on every page.
  expect(html).not.toContain(WIDGET_SRC);
});

it('an anonymous visitor gets the script element alone, which loads the widget from the file', async () => {
  const { app, logger } = appWithClientScript({});
  const { html, src, script } = await pageAndScript(app);
  const chatMarkup = chatFragment(html);
  expect(chatMarkup).toBe(`<script src="${src}" defer nonce="bm9uY2U="></script>`);
  expect(decodeChatPage(html)).toEqual({ userConfig: null, clear: false, widgetSrc: null });

  const page = await runPage(html, { files: { [src]: script } });
  expect(page.errors).toEqual([]);
  expect(page.sdkRequests()).toBe(1);
  expect(page.calls()).toEqual([]);
  // As UseResponse's loader does: the element that loads the widget carries its instance id.
  expect(page.window.document.getElementById(INSTANCE_ID)?.getAttribute('src')).toBe(src);
  expect(logger.messages).toEqual([]);
});

it("an app's own JSON block just before the script element is not read as the chat's", async () => {
  const { app } = appWithClientScript({});
  app.get('/own-data', (_req, res) => {
    // Something the chat must never act on: a clear and an identity that the server did not write.
    const own =
      '<script type="application/json" id="app-state">{"clear":1,"id":{"token":"x","userEmail":"e@x.test"}}</script>';
    res.send(`<!doctype html><html><head></head><body>${own}${res.locals.useresponseChat()}</body></html>`);
  });
  const { html, src, script } = await pageAndScript(app, '/own-data');
  const page = await runPage(html, { files: { [src]: script } });
  expect(page.errors).toEqual([]);
  expect(page.sdkRequests()).toBe(1);
  expect(page.calls()).toEqual([]);
});

it('an identified visitor, then a logout, through the file: the same UR calls as the inline bootstrap', async () => {
  const { app } = appWithClientScript();
  const { html, src, script } = await pageAndScript(app);
  const page = await runPage(html, { files: { [src]: script } });
  expect(page.errors).toEqual([]);
  expect(page.sdkRequests()).toBe(1);
  expect(page.calls()).toEqual([userConfigCall(TEST_KEY, BRIAN.email, BRIAN.name)]);
  // Without clearOnPageClose, leaving the page keeps the chat.
  page.window.dispatchEvent(new page.window.Event('pagehide'));
  expect(page.calls()).toEqual([userConfigCall(TEST_KEY, BRIAN.email, BRIAN.name)]);

  const clearPage = (await request(app).get('/logout-page').expect(200)).text;
  const cleared = await runPage(clearPage, { files: { [src]: script } });
  expect(cleared.calls()).toEqual([CLEAR_CALL]);
});

it('with clearOnPageClose, an anonymous page says so in a data block of its own, and the chat is cleared on leaving', async () => {
  const { app } = appWithClientScript({ chat: { clearOnPageClose: true } });
  const { html, src, script } = await pageAndScript(app);
  const [data] = scriptElements(html);
  expect(JSON.parse(textOf(data!))).toEqual({ pc: 1 });
  const page = await runPage(html, { files: { [src]: script } });
  page.window.dispatchEvent(new page.window.Event('pagehide'));
  expect(page.calls()).toEqual([CLEAR_CALL]);
});

it('with clearOnPageClose, the file run on each of several Turbo visits clears the chat once on leaving', async () => {
  const { app } = appWithClientScript({ chat: { clearOnPageClose: true } });
  const { html, src, script } = await pageAndScript(app);
  const page = await runPage(html, { files: { [src]: script } });
  await page.navigate(chatFragment(html));
  await page.navigate(chatFragment(html));
  expect(page.errors).toEqual([]);
  page.window.dispatchEvent(new page.window.Event('pagehide'));
  expect(page.calls()).toEqual([CLEAR_CALL]);
});

it('serves the build of src/browser/client-script.ts with the widget written in, named by its hash, cached for a year', async () => {
  const { app } = appWithClientScript();
  const { src, script } = await pageAndScript(app);
  const res = await request(app).get(src).expect(200);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(src).toBe(`/assets/useresponse/client.${createHash('sha256').update(script).digest('hex').slice(0, 16)}.js`);
  expect(script).toContain(JSON.stringify(WIDGET_SRC).slice(1, -1));
  expect(script).not.toContain('__USERESPONSE_WIDGET__');
  const head = await request(app).head(src).expect(200);
  expect(head.headers['content-length']).toBe(String(Buffer.byteLength(script)));

  // Not the inline bootstrap: that one reads everything from the page.
  const inline = execFileSync(process.execPath, ['scripts/build-browser.mjs', '--print'], {
    cwd: path.join(__dirname, '..', '..'),
    encoding: 'utf8',
  });
  expect(script).not.toBe(inline);
});

it('another widget gives another file name, so no browser keeps the old widget', async () => {
  const other = WIDGET_SRC.replace('-38.js', '-39.js');
  const first = await pageAndScript(appWithClientScript({}).app);
  const second = await pageAndScript(appWithClientScript({ chat: { widgetSrc: other } }).app);
  expect(second.src).not.toBe(first.src);
  expect(second.script).toContain(other);
});

it('a widget URL with $& or $$ in it is written into the file as it is', async () => {
  const odd = WIDGET_SRC.replace('/public/', () => '/public$&$$/');
  expect(odd).toContain('/public$&$$/');
  const { script } = await pageAndScript(appWithClientScript({ chat: { widgetSrc: odd } }).app);
  // As page data, & is written \u0026; the dollars stay as they are.
  expect(script).toContain(String.raw`"src":"https://help.example.test/public$\u0026$$/sdk/chat-uriid_`);
  expect(script).not.toContain('__USERESPONSE_WIDGET__');
});

// Mounted as express.static is (app.use('/assets/useresponse', …)), or in a router mounted under a
// prefix, the file must still be served at the path the pages name: else every page's chat 404s.
it.each([
  ['under its own path', (site: Express, handler: RequestHandler) => site.use('/assets/useresponse', handler)],
  [
    'in a router mounted under a prefix',
    (site: Express, handler: RequestHandler) => site.use('/assets', express.Router().use(handler)),
  ],
  ['at the root', (site: Express, handler: RequestHandler) => site.use(handler)],
])('serves the file where the pages name it, mounted %s', async (_where, mount) => {
  const made = createTestApp({ user: BRIAN, chat: { clientScript: '/assets/useresponse' } });
  mount(made.app, made.chat.clientScript());
  const { src, script } = await pageAndScript(made.app);
  expect(src).toMatch(/^\/assets\/useresponse\/client\.[0-9a-f]{16}\.js$/);
  expect(script).toContain(JSON.stringify(WIDGET_SRC).slice(1, -1));
  // Not under the mount point a second time.
  await request(made.app).get(`/assets/useresponse${src}`).expect(404);
});

it('leaves every other path and method to the app', async () => {
  const { app } = appWithClientScript();
  await request(app).get('/assets/useresponse/client.0000000000000000.js').expect(404);
  const src = attr(scriptElements((await request(app).get('/')).text)[1]!, 'src')!;
  await request(app).post(src).expect(404);
});

it.each(['useresponse', '/useresponse/', '//cdn.example/x', '/a b', '/x/../y', '/"onload="'])(
  'clientScript %j is refused at start-up',
  (clientScript) => {
    const error = thrown(() => useResponseChat({ securityKey: TEST_KEY, clientScript }));
    expect(error).toBeInstanceOf(UseResponseConfigError);
    expect(error.message).toContain('`clientScript`');
  },
);

it('chat.clientScript() without the option says what to add', () => {
  const error = thrown(() => useResponseChat({ securityKey: TEST_KEY }).clientScript());
  expect(error.message).toContain('`clientScript`');
});
