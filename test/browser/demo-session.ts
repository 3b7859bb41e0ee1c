// A site's session reduced to a cookie, for the browser suites: `demo_user=brian` signs Brian in.
import type { Request } from 'express';
import type { Page } from 'playwright-core';
import { TEST_KEY } from '../support/secrets';
import { userConfigCall } from '../support/ur-calls';
import type { UrCall } from './page-watch';

export const BRIAN = { email: 'brian@example.com', name: 'Brian C.' };
/** The call a page that names Brian makes. */
export const BRIAN_CALL = userConfigCall(TEST_KEY, BRIAN.email, BRIAN.name);

/** For createTestApp's `user`: Brian while the browser sends the cookie, nobody otherwise. */
export function brianWhileSignedIn(req: Request): typeof BRIAN | undefined {
  return /(?:^|; )demo_user=brian(?:;|$)/.test(req.headers.cookie ?? '') ? BRIAN : undefined;
}

/** The UR calls the stand-in SDK has recorded on the current document (none before it loads). */
export function urCalls(page: Page): Promise<UrCall[]> {
  return page.evaluate(() => (window as unknown as { UR?: { calls: UrCall[] } }).UR?.calls ?? []);
}

/** Signs Brian in and opens `url`, a page with the chat; resolves once it has configured the chat. */
export async function openSignedIn(page: Page, base: string, url: string): Promise<void> {
  await page.context().addCookies([{ name: 'demo_user', value: 'brian', url: base }]);
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { UR?: { calls: unknown[] } }).UR?.calls.length === 1);
  expect(await urCalls(page)).toEqual([BRIAN_CALL]);
}
