// Watches a Playwright page: CSP violations, console errors, SDK requests and the UR calls of each page.
import type { Page } from 'playwright-core';

export interface UrCall {
  method: string;
  args: unknown[];
}

export interface PageWatch {
  /** Every CSP violation and console or page error seen so far, on any page. */
  problems: string[];
  /** Runs a navigation; returns that page's UR calls, SDK requests and the HTML as served. */
  visit(navigate: () => Promise<unknown>): Promise<{ calls: UrCall[]; sdkRequests: number; html: string }>;
}

export async function watchPage(page: Page, isSdk: (url: string) => boolean): Promise<PageWatch> {
  const problems: string[] = [];
  let sdkRequests = 0;
  let lastDocument: Promise<string> = Promise.resolve('');
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI} at ${event.documentURI}`,
      );
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (isSdk(request.url())) sdkRequests += 1;
  });
  page.on('response', (response) => {
    if (response.request().resourceType() === 'document' && response.status() === 200) lastDocument = response.text();
  });

  return {
    problems,
    async visit(navigate) {
      sdkRequests = 0;
      await Promise.all([page.waitForEvent('load'), navigate()]);
      await page.waitForFunction(() => typeof (window as unknown as { UR?: unknown }).UR === 'object');
      // Give the bootstrap's ready handler and any verification request time to finish.
      await page.waitForLoadState('networkidle');
      const calls = await page.evaluate(() => (window as unknown as { UR: { calls: unknown[] } }).UR.calls);
      return { calls: calls as UrCall[], sdkRequests, html: await lastDocument };
    },
  };
}
