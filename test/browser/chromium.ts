// Finds Debian's Chromium for the browser tests; without it they skip locally and fail in CI.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

const HOW_TO_INSTALL = `Chromium was not found at ${CHROMIUM_PATH}. Install it with: sudo apt-get install chromium (or set CHROMIUM_PATH).`;

/**
 * `describe` when Chromium is there. Without it: in CI a failing test that says how to install it;
 * locally a skipped suite and the same message.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (HAVE_CHROMIUM) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium', () => {
        throw new Error(HOW_TO_INSTALL);
      });
    });
  } else {
    process.stderr.write(`Skipping browser tests "${name}": ${HOW_TO_INSTALL}\n`);
    describe.skip(name, body);
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
