// Property-based: for any strings as email, name, property keys and values, the page has exactly the
// helper's scripts, its data has no escaped key, and UR.userConfig receives the input (after the
// documented sanitising), decoded by the bootstrap itself in a page whose V8 is primed for
// nodejs/node#63785. Keys UseResponse does not know are dropped, each with a warning.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { computeToken, type UseResponseIdentity } from '../../src/index';
import { createTestApp } from '../support/app';
import { createChatDecoder } from '../support/chat-decoder';
import { attr, scriptElements, textOf } from '../support/html';
import { escapedKeys } from '../support/json-keys';
import { TEST_KEY } from '../support/secrets';

const NUM_RUNS = process.env.CI === 'true' ? 10_000 : 2_000;
// Readable names, hostile ones included: only the ids they map to ever reach the page.
const CUSTOM_FIELDS = { plan: 172, signupDate: 170, '</script>': 3, '\\': 4, 'Zoë 🙂': 5, '\u2028': 6 };
// The documented rule, written independently of the package.
const FIELD_KEY = /^property_[1-9][0-9]{0,15}$/;

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
  entries: fc.array(
    fc.tuple(
      fc.oneof(
        fc.integer({ min: 1, max: 1_000_000 }).map((id) => `property_${id}`),
        fc.constantFrom(...Object.keys(CUSTOM_FIELDS), 'property_172', 'property_0', 'property_01'),
        anyString,
      ),
      anyString,
    ),
    { maxLength: 5 },
  ),
});

/** What UR.userConfig should get as properties, and how many keys should be warned about. */
function expectedProperties(properties: Record<string, string>): { kept: Record<string, string>; warned: number } {
  const kept: Record<string, string> = {};
  let warned = 0;
  for (const key of Object.keys(properties)) {
    const target = FIELD_KEY.test(key)
      ? key
      : Object.hasOwn(CUSTOM_FIELDS, key)
        ? `property_${CUSTOM_FIELDS[key as keyof typeof CUSTOM_FIELDS]}`
        : undefined;
    if (target === undefined || Object.hasOwn(kept, target)) warned += 1;
    else kept[target] = properties[key]!;
  }
  return { kept, warned };
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LOG_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

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
  chat: { identify: (req) => inputs.get(String(req.headers['x-case'])) ?? null, customFields: CUSTOM_FIELDS },
});
const decoder = createChatDecoder();

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
      const warnings = logger.messages.splice(0);

      const scripts = scriptElements(html);
      expect(scripts).toHaveLength(2);
      expect(attr(scripts[0]!, 'type')).toBe('application/json');
      expect(escapedKeys(textOf(scripts[0]!))).toEqual([]);
      const calls = decoder.run(html.slice(html.indexOf('<script')));
      expect(decoder.errors).toEqual([]);
      if (!isUsableEmail(email)) {
        expect(calls).toEqual([]);
        return;
      }
      identified += 1;
      const userEmail = email.trim();
      const { kept, warned } = expectedProperties(properties);
      expect(calls).toEqual([
        {
          method: 'userConfig',
          args: [{ token: computeToken(TEST_KEY, userEmail), userEmail, userName: name, properties: kept }],
        },
      ]);
      expect(warnings.filter((message) => message.includes('was dropped'))).toHaveLength(warned);
      for (const message of warnings) expect(message).not.toMatch(LOG_CONTROL);
    }),
    { numRuns: NUM_RUNS },
  );
  // The generators must reach the interesting branch often, or the property says little.
  expect(identified).toBeGreaterThan(NUM_RUNS / 4);
}, 300_000);
