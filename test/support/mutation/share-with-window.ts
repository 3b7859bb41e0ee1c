// Under npm run test:mutation, lets code built for a jsdom window (test/support/browser-build.ts)
// see which mutant is active and record coverage, as the test file's own modules do.
import type { DOMWindow } from 'jsdom';

interface StrykerNamespace {
  activeMutant?: string;
}

export function shareMutantSwitch(window: DOMWindow): void {
  const stryker = (globalThis as { __stryker__?: StrykerNamespace }).__stryker__;
  if (stryker === undefined) return;
  // Instrumented code reads the active mutant from process.env on its first call, and a window has no
  // process: a test file that loads no instrumented module in Node would leave every mutant off.
  stryker.activeMutant ??= process.env.__STRYKER_ACTIVE_MUTANT__;
  (window as unknown as { __stryker__: StrykerNamespace }).__stryker__ = stryker;
}
