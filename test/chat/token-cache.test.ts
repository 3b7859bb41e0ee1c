// Tokens and checked identities are remembered per email for speed: every visitor still gets their
// own, also past the caches' size.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeToken } from '../../src/index';
import { TOKEN_CACHE_SIZE } from '../../src/chat/token';
import { IDENTITY_CACHE_SIZE } from '../../src/chat/checked-identities';
import { createTestApp } from '../support/app';
import { TEST_KEY } from '../support/secrets';

let server: Server;
let base: string;
beforeAll(async () => {
  const { app } = createTestApp({ user: (req) => ({ email: req.get('x-email') }) });
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const tokenOf = async (email: string) =>
  ((await (await fetch(`${base}/config`, { headers: { 'x-email': email } })).json()) as { config: { token: string } })
    .config.token;

it('gives each of more visitors than the caches hold their own token, again after they were evicted', async () => {
  const emails = Array.from(
    { length: Math.max(TOKEN_CACHE_SIZE, IDENTITY_CACHE_SIZE) + 50 },
    (_, i) => `visitor${i}@example.com`,
  );
  for (const email of emails) expect(await tokenOf(email)).toBe(computeToken(TEST_KEY, email));
  // The first visitors were evicted by the last ones; the newest are still cached: both are right.
  for (const email of [...emails.slice(0, 60), ...emails.slice(-60)]) {
    expect(await tokenOf(email)).toBe(computeToken(TEST_KEY, email));
  }
});
