// express-useresponse/testing in a user's own jest test: decodeChatPage, verifyHelpCenterLink, STAND_IN_SDK.
import request from 'supertest';
import { computeToken } from '../../src/index';
import { decodeChatPage, STAND_IN_SDK, verifyHelpCenterLink } from '../../src/testing/index';
import { createTestApp, WIDGET_SRC } from '../support/app';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';

const BRIAN = { id: 42, email: 'brian@example.com', name: 'Brian </script> C.' };

describe('decodeChatPage', () => {
  it('gives what the page passes to UR.userConfig, the same as the bootstrap does in a page', async () => {
    const { app } = createTestApp({ user: BRIAN, nonce: 'bm9uY2U=' });
    const html = (await request(app).get('/').expect(200)).text;
    const decoded = decodeChatPage(html);
    expect(decoded).toEqual({
      userConfig: {
        token: computeToken(TEST_KEY, 'brian@example.com'),
        userEmail: 'brian@example.com',
        userName: 'Brian </script> C.',
        properties: {},
      },
      clear: false,
      widgetSrc: WIDGET_SRC,
    });
    const page = await runPage(html);
    expect(page.calls()).toEqual([{ method: 'userConfig', args: [decoded!.userConfig] }]);
  });

  it('says when a page clears the chat, and gives null for a page without the chat', async () => {
    const { app } = createTestApp({ user: BRIAN });
    const logoutPage = (await request(app).get('/logout-page').expect(200)).text;
    expect(decodeChatPage(logoutPage)).toEqual({ userConfig: null, clear: true, widgetSrc: WIDGET_SRC });
    const plain = (await request(app).get('/plain').expect(200)).text;
    expect(decodeChatPage(plain)).toBeNull();
  });
});

it('decodeChatPage refuses a page with two chat blocks, which would confuse the bootstrap', async () => {
  const { app } = createTestApp({ user: BRIAN });
  const html = (await request(app).get('/').expect(200)).text;
  expect(() => decodeChatPage(html + html)).toThrow(/2 chat blocks/);
});

describe('verifyHelpCenterLink', () => {
  it('reads the link chat.helpCenterLogin() redirects to, and says it is valid only with its key', async () => {
    const { app, chat } = createTestApp({
      user: BRIAN,
      chat: { helpCenter: { url: 'https://support.example.test', integrationDomain: 'example.test' } },
    });
    app.get('/hc', chat.helpCenterLogin());
    const location = (await request(app).get('/hc?redirect=%2Ftopic%2F1').expect(302)).headers.location!;
    expect(verifyHelpCenterLink(location, TEST_KEY)).toEqual({
      base: 'https://support.example.test',
      source: 'example.test',
      name: 'Brian </script> C.',
      email: 'brian@example.com',
      id: '42',
      redirect: 'https://support.example.test/topic/1',
      properties: {},
      valid: true,
    });
    expect(verifyHelpCenterLink(location, 'another-key')?.valid).toBe(false);
    expect(verifyHelpCenterLink('https://support.example.test/', TEST_KEY)).toBeNull();
  });
});

it('STAND_IN_SDK records UR calls in a page', async () => {
  const page = await runPage('<p>x</p>');
  page.window.eval(STAND_IN_SDK);
  page.window.eval('UR.userConfig({ token: "t" }); UR.clearChatStorage();');
  expect(page.calls()).toEqual([
    { method: 'userConfig', args: [{ token: 't' }] },
    { method: 'clearChatStorage', args: [] },
  ]);
});
