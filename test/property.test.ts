// Property-based: for any strings as email, name, property keys and values, the page has exactly the
// helper's scripts, and UR.userConfig receives the input (after the documented sanitising).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { computeToken, type UseResponseIdentity } from '../src/index';
import { createTestApp } from './support/app';
import { TEST_KEY } from './support/secrets';
import { runInVm } from './support/vm-page';

const NUM_RUNS = process.env.CI === 'true' ? 10_000 : 2_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// Full Unicode, lone surrogates and control characters included; now and then a hostile fragment.
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '<',
      '/',
      's',
      'c',
      'r',
      'i',
      'p',
      't',
      '>',
      '!',
      '-',
      '"',
      '\\',
      '\u2028',
      '\ud800',
      '&',
      ' ',
    ),
    maxLength: 30,
  }),
  fc.constantFrom('</script>', '</SCRIPT >', '<!--<script>', '-->', '__proto__', 'constructor', ']]>', '${x}', '\\'),
);

const identityArbitrary = fc.record({
  email: fc.oneof(
    anyString,
    fc.emailAddress(),
    anyString.map((s) => `${s}@example.com`),
  ),
  name: anyString,
  entries: fc.array(fc.tuple(anyString, anyString), { maxLength: 4 }),
});

function isUsableEmail(email: string): boolean {
  const trimmed = email.trim();
  // The documented rule, written independently of the package: C0 and C1 controls and DEL are refused.
  const hasControl = [...trimmed].some(
    (ch) => ch.charCodeAt(0) <= 0x1f || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f),
  );
  return trimmed !== '' && trimmed.length <= 254 && !hasControl && trimmed.isWellFormed();
}

let server: Server;
let base: string;
const inputs = new Map<string, UseResponseIdentity>();
const { app, logger } = createTestApp({
  chat: { identify: (req) => inputs.get(String(req.headers['x-case'])) ?? null },
});

beforeAll(async () => {
  app.get('/bare', (_req, res) =>
    res.send(`<!doctype html><html><head></head><body>${res.locals.useresponseChat()}</body></html>`),
  );
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bare`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it(`holds for ${NUM_RUNS} arbitrary identities`, async () => {
  let counter = 0;
  let identified = 0;
  await fc.assert(
    fc.asyncProperty(identityArbitrary, async ({ email, name, entries }) => {
      const id = String(counter++);
      const properties = Object.fromEntries(entries) as Record<string, string>;
      inputs.set(id, { email, name, properties });
      const html = await (await fetch(base, { headers: { 'x-case': id } })).text();
      inputs.delete(id);
      logger.messages.length = 0;

      const run = runInVm(html);
      expect(run.scripts).toBe(2);
      if (!isUsableEmail(email)) {
        expect(run.calls).toEqual([]);
        return;
      }
      identified += 1;
      const userEmail = email.trim();
      const expectedProperties = Object.fromEntries(
        Object.entries(properties).filter(([key]) => !FORBIDDEN_KEYS.has(key)),
      );
      expect(run.calls).toEqual([
        {
          method: 'userConfig',
          args: [
            { token: computeToken(TEST_KEY, userEmail), userEmail, userName: name, properties: expectedProperties },
          ],
        },
      ]);
    }),
    { numRuns: NUM_RUNS },
  );
  // The generators must reach the interesting branch often, or the property says little.
  expect(identified).toBeGreaterThan(NUM_RUNS / 4);
}, 300_000);
