// Under concurrent load, every response carries its own request's identity: no cross-user leaks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeToken } from '../../src/index';
import { decodeChatPage } from '../../src/testing/index';
import { createTestApp } from '../support/app';
import { TEST_KEY } from '../support/secrets';

const USERS = 500;
const REQUESTS = 20_000;
const CONNECTIONS = 50;

it(`${REQUESTS} requests from ${USERS} users over ${CONNECTIONS} connections: every token is the requester's own`, async () => {
  const { app, logger } = createTestApp({
    chat: {
      // An async identify with a random delay, so requests interleave inside the middleware.
      identify: (req) =>
        new Promise((resolve) => {
          const email = String(req.headers['x-user-email']);
          setTimeout(() => resolve({ email, name: `Name of ${email}` }), Math.random() * 2);
        }),
    },
  });
  // The page echoes the header on its own path, to compare against what the chat received.
  app.get('/echo', (req, res) => {
    res.send(
      `<p data-echo="${encodeURIComponent(String(req.headers['x-user-email']))}"></p>${res.locals.useresponseChat()}`,
    );
  });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

  const get = (email: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.get(
        { host: '127.0.0.1', port, path: '/echo', agent, headers: { 'x-user-email': email } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
    });

  let sent = 0;
  let ok = 0;
  let errors = 0;
  let mismatches = 0;
  const tokens = new Map(
    Array.from({ length: USERS }, (_, i) => `user${i}@example.com`).map((e) => [e, computeToken(TEST_KEY, e)]),
  );
  const emails = [...tokens.keys()];
  async function worker() {
    while (sent < REQUESTS) {
      const email = emails[sent++ % USERS]!;
      try {
        const { status, body } = await get(email);
        const echo = decodeURIComponent(/data-echo="([^"]*)"/.exec(body)?.[1] ?? '');
        const config = decodeChatPage(body)?.userConfig;
        if (status !== 200) errors += 1;
        else if (
          echo !== email ||
          config?.userEmail !== email ||
          config.token !== tokens.get(email) ||
          config.userName !== `Name of ${email}`
        ) {
          mismatches += 1;
        } else ok += 1;
      } catch {
        errors += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));

  process.stdout.write(
    `load: ${sent} requests, ${ok} correct, ${errors} errors, ${mismatches} mismatches, ${USERS} users, ${CONNECTIONS} connections\n`,
  );
  expect({ sent, ok, errors, mismatches }).toEqual({ sent: REQUESTS, ok: REQUESTS, errors: 0, mismatches: 0 });
  expect(logger.messages).toEqual([]);
}, 300_000);
