import { express } from './express';
import request from 'supertest';
import { createTestApp, recordingLogger } from './app';
import { OTHER_KEY, TEST_KEY, takeLeaks } from './secrets';

describe('the suite-wide secret guard', () => {
  it('notices a key in a response body', async () => {
    const app = express();
    app.get('/', (_req, res) => res.send(`oops ${TEST_KEY}`));
    await request(app).get('/');
    expect(takeLeaks()).toEqual([TEST_KEY]);
  });

  it('notices a key in a header, however it was set', async () => {
    const app = express();
    app.get('/', (_req, res) => res.writeHead(200, { 'x-debug': OTHER_KEY }).end('ok'));
    await request(app).get('/');
    expect(takeLeaks()).toEqual([OTHER_KEY]);
  });

  it('notices a key in a log line', () => {
    recordingLogger().warn(`bad ${TEST_KEY}`);
    expect(takeLeaks()).toEqual([TEST_KEY]);
  });

  it('finds nothing in what the package serves and logs', async () => {
    const { app } = createTestApp({ user: { email: 'a@example.com', properties: { nope: {} } }, nonce: 'x y' });
    await request(app).get('/');
    await request(app).post('/logout');
    expect(takeLeaks()).toEqual([]);
  });
});
