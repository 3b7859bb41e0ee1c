// A browser suite's Express app on a local port and its Chromium, and pages whose widget URL the
// stand-in SDK answers: no machine here reaches UseResponse.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Browser, Page } from 'playwright-core';
import { WIDGET_SRC } from '../support/app';
import { STAND_IN_SDK } from '../support/run-page';
import { launchChromium } from './chromium';
import { watchPage, type PageWatch } from './page-watch';

export interface ChromiumSite {
  /** `http://127.0.0.1:<port>`, once the suite's beforeAll has run. */
  readonly base: string;
  /** A watched page in a context of its own; `page.context().close()` when done. */
  open(): Promise<{ page: Page; watch: PageWatch }>;
}

/** A minimal page around the helper's output (with a favicon, so Chromium logs no failed request). */
export function chatPage(chatHtml: string, head = ''): string {
  return `<!doctype html><html><head><title>t</title><link rel="icon" href="data:,">${head}</head><body><h1>t</h1>${chatHtml}</body></html>`;
}

/** Starts the app that `makeApp` returns, and Chromium, before the suite's tests; stops both after them. */
export function chromiumSite(makeApp: () => Express): ChromiumSite {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let base = '';
  beforeAll(async () => {
    server = makeApp().listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    get base() {
      return base;
    },
    async open() {
      const context = await browser!.newContext();
      await context.route(WIDGET_SRC, (route) => route.fulfill({ contentType: 'text/javascript', body: STAND_IN_SDK }));
      const page = await context.newPage();
      return { page, watch: await watchPage(page, (url) => url === WIDGET_SRC) };
    },
  };
}
