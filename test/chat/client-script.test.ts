// The clientScript option: the bootstrap as a cached external file, and the page's short markup.
import request from 'supertest';
import { useResponseChat, UseResponseConfigError } from '../../src/index';
import { createTestApp } from '../support/app';
import { attr, scriptElements, textOf } from '../support/html';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };

function appWithClientScript() {
  const made = createTestApp({ user: BRIAN, nonce: 'bm9uY2U=', chat: { clientScript: '/assets/useresponse' } });
  made.app.use(made.chat.clientScript());
  return made;
}

it('the page carries the data block and one deferred script element pointing at the hashed file', async () => {
  const { app } = appWithClientScript();
  const html = (await request(app).get('/').expect(200)).text;
  const [data, script] = scriptElements(html);
  expect(attr(data!, 'type')).toBe('application/json');
  expect(attr(script!, 'src')).toMatch(/^\/assets\/useresponse\/client\.[0-9a-f]{16}\.js$/);
  expect(attr(script!, 'defer')).toBe('');
  expect(attr(script!, 'nonce')).toBe('bm9uY2U=');
  expect(textOf(script!)).toBe('');
  // What the chat adds to a page besides its data: at most 300 bytes.
  const chatMarkup = html.slice(html.indexOf('<script'), html.lastIndexOf('</script>') + '</script>'.length);
  expect(Buffer.byteLength(chatMarkup) - Buffer.byteLength(textOf(data!))).toBeLessThanOrEqual(300);
});

it('serves the file with a year of immutable caching; the same bytes as the inline bootstrap', async () => {
  const { app } = appWithClientScript();
  const src = attr(scriptElements((await request(app).get('/')).text)[1]!, 'src')!;
  const res = await request(app).get(src).expect(200);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  const inline = createTestApp({ user: BRIAN });
  const inlineHtml = (await request(inline.app).get('/')).text;
  expect(res.text).toBe(textOf(scriptElements(inlineHtml)[1]!));
  const head = await request(app).head(src).expect(200);
  expect(head.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
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
