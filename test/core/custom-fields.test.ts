// customFields: readable names for UseResponse's property_<id> fields, validated at start-up.
import request from 'supertest';
import { computeToken, useResponseChat, UseResponseConfigError, type UseResponseOptions } from '../../src/index';
import { createTestApp } from '../support/app';
import { attr, scriptElements, textOf } from '../support/html';
import { escapedKeys } from '../support/json-keys';
import { runPage } from '../support/run-page';
import { TEST_KEY } from '../support/secrets';
import { thrown } from '../support/thrown';

function configError(customFields: unknown): UseResponseConfigError {
  const error = thrown(() =>
    useResponseChat({ securityKey: TEST_KEY, customFields } as unknown as UseResponseOptions),
  ) as UseResponseConfigError;
  expect(error).toBeInstanceOf(UseResponseConfigError);
  expect(error.message).toContain('`customFields`');
  return error;
}

async function chatPage(options: UseResponseOptions) {
  const { app, logger } = createTestApp({ chat: options });
  const html = (await request(app).get('/').expect(200)).text;
  return { html, logger, data: textOf(scriptElements(html).find((s) => attr(s, 'type') === 'application/json')!) };
}

describe('customFields at start-up', () => {
  it.each([
    ['zero', { plan: 0 }, '"plan"'],
    ['negative', { plan: -3 }, '"plan"'],
    ['fractional', { plan: 1.5 }, '"plan"'],
    ['a string id', { plan: '172' }, '"plan"'],
    ['an unsafe integer', { plan: 2 ** 53 }, '"plan"'],
    ['NaN', { plan: Number.NaN }, '"plan"'],
  ])('an id that is %s is refused, naming the entry', (_what, map, entry) => {
    const error = configError(map);
    expect(error.code).toBe('ERR_USERESPONSE_CUSTOM_FIELDS');
    expect(error.message).toContain(entry);
    expect(error.message).toMatch(/positive whole number/);
  });

  it('two names for one id are refused, naming both', () => {
    const error = configError({ plan: 172, tier: 172 });
    expect(error.code).toBe('ERR_USERESPONSE_CUSTOM_FIELDS');
    expect(error.message).toContain('"plan"');
    expect(error.message).toContain('"tier"');
    expect(error.message).toContain('172');
  });

  it.each(['property_172', 'property_0', 'property_007'])('a name of the form property_<n> (%s) is refused', (name) => {
    const error = configError({ [name]: 5 });
    expect(error.code).toBe('ERR_USERESPONSE_CUSTOM_FIELDS');
    expect(error.message).toContain(JSON.stringify(name));
  });

  it.each([
    ['null', null],
    ['an array', [172]],
    ['a string', 'plan=172'],
  ])('a map that is %s is refused', (_what, value) => {
    const error = configError(value);
    expect(error.code).toBe('ERR_USERESPONSE_OPTION_TYPE');
  });

  it('names that only contain property_<n>, and id 1, are fine', async () => {
    const { html, logger } = await chatPage({
      customFields: { my_property_7: 7, property_7a: 8, first: 1 },
      identify: () => ({ email: 'a@example.com', properties: { my_property_7: 'a', property_7a: 'b', first: 'c' } }),
    });
    expect((await runPage(html)).calls()[0]!.args[0]).toEqual(
      expect.objectContaining({ properties: { property_7: 'a', property_8: 'b', property_1: 'c' } }),
    );
    expect(logger.messages).toEqual([]);
  });

  it.each([
    ['7', 'maps "plan" to a string, not a positive whole number id'],
    [1.5, 'maps "plan" to 1.5, not a positive whole number id'],
    [0, 'maps "plan" to 0, not a positive whole number id'],
  ])('an id of %j is refused, saying what it is', (id, reason) => {
    expect(configError({ plan: id }).message).toContain(reason);
  });

  it('undefined means "not set"', () => {
    expect(() => useResponseChat({ securityKey: TEST_KEY, customFields: undefined })).not.toThrow();
  });
});

describe('customFields on a page', () => {
  it('a mapped name reaches UR.userConfig as its property_<id>; property_<n> keys pass as they are', async () => {
    const { html, logger } = await chatPage({
      customFields: { plan: 172, signupDate: 170 },
      identify: () => ({
        email: 'brian@example.com',
        name: 'Brian C.',
        properties: { plan: 'pro', signupDate: '2026-01-02', property_5: 'five' },
      }),
    });
    const [call] = (await runPage(html)).calls();
    expect(call!.args[0]).toEqual({
      token: computeToken(TEST_KEY, 'brian@example.com'),
      userEmail: 'brian@example.com',
      userName: 'Brian C.',
      properties: { property_172: 'pro', property_170: '2026-01-02', property_5: 'five' },
    });
    expect(logger.messages).toEqual([]);
  });

  it('a name the map does not know is dropped with a warning naming it', async () => {
    const { html, logger } = await chatPage({
      customFields: { plan: 172 },
      identify: () => ({ email: 'a@example.com', properties: { plan: 'pro', Plan: 'typo' } }),
    });
    expect((await runPage(html)).calls()[0]!.args[0]).toEqual(
      expect.objectContaining({ properties: { property_172: 'pro' } }),
    );
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain('"Plan"');
    expect(logger.messages[0]).toContain('customFields');
  });

  it('a long unknown key is quoted in the warning cut at 200 characters, so a log line stays short', async () => {
    const key = 'k'.repeat(199) + 'LAST' + 'x'.repeat(5000);
    const { logger } = await chatPage({
      identify: () => ({ email: 'a@example.com', properties: { [key]: 'v', property_1: 'kept' } }),
    });
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain(`"${'k'.repeat(199)}L…"`);
    expect(logger.messages[0]).not.toContain('LA');
    expect(logger.messages[0]!.length).toBeLessThan(500);
  });

  it('an unknown key of exactly 200 characters is quoted whole', async () => {
    const key = 'k'.repeat(199) + 'Z';
    const { logger } = await chatPage({
      identify: () => ({ email: 'a@example.com', properties: { [key]: 'v' } }),
    });
    expect(logger.messages[0]).toContain(`"${key}"`);
  });

  it('a field given twice (by name and by id) keeps the first and warns about the second', async () => {
    const { html, logger } = await chatPage({
      customFields: { plan: 172 },
      identify: () => ({ email: 'a@example.com', properties: { plan: 'pro', property_172: 'free' } }),
    });
    expect((await runPage(html)).calls()[0]!.args[0]).toEqual(
      expect.objectContaining({ properties: { property_172: 'pro' } }),
    );
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toContain('"property_172"');
  });
});

describe('no escaped key in the page data (nodejs/node#63785)', () => {
  it('the check finds escaped keys where there are some', () => {
    expect(escapedKeys(String.raw`{"a":"\u003c","\u003c":1,"b":{"\\":2, "ok" :3}}`)).toEqual([
      String.raw`\u003c`,
      String.raw`\\`,
    ]);
    expect(escapedKeys(String.raw`{"a\"b":1}`)).toEqual([String.raw`a\"b`]);
  });

  it('hostile names, emails and values still give a payload with plain keys only', async () => {
    const hostile = '</script>\\"\u2028<>&\u0000🙂\ud800';
    const { data, logger } = await chatPage({
      customFields: { [hostile]: 9, '\\': 10 },
      identify: () => ({
        email: `${hostile}@example.com`.replace('\u0000', '').replace('\ud800', ''),
        name: hostile,
        properties: { [hostile]: hostile, '\\': hostile, property_1: hostile, [`${hostile}x`]: 'dropped' },
      }),
    });
    expect(data).toContain('"property_9"');
    expect(data).toContain('"property_10"');
    expect(escapedKeys(data)).toEqual([]);
    expect(logger.messages).toHaveLength(1);
  });
});
