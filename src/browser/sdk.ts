// Loading UseResponse's chat SDK and waiting for it: shared by the page bootstrap and the ES module.

/** The part of the SDK's global `UR` that the package calls. */
export interface UseResponseSdk {
  userConfig?: (config: unknown) => void;
  clearChatStorage?: () => void;
}

export type ChatWindow = Window & { UR?: UseResponseSdk } & Record<string, unknown>;

/** The prefix of every key the package keeps in window and localStorage. */
export const KEY_PREFIX = 'useresponse:';

/** Whether the SDK has defined what the package calls: truthy when it has. */
export function sdkReady(w: ChatWindow): unknown {
  return w.UR?.userConfig;
}

/**
 * Appends the SDK's script once per page, async, with `nonce` when given: a flag on window, keyed
 * by the URL, lets a second run (a Turbo or htmx visit, a second startChat) reuse it. Returns the
 * new element, or undefined when there was nothing to load.
 */
export function loadSdk(w: ChatWindow, d: Document, src: string, nonce?: string): HTMLScriptElement | undefined {
  const loaded = KEY_PREFIX + src;
  if (sdkReady(w) || w[loaded]) return undefined;
  w[loaded] = 1;
  const sdk = d.createElement('script');
  sdk.async = true;
  sdk.src = src;
  if (nonce) sdk.nonce = nonce;
  return (d.head || d.body).appendChild(sdk);
}

/** Undoes loadSdk for its script that failed to load: the element goes, and the next call adds another. */
export function forgetSdk(w: ChatWindow, sdk: HTMLScriptElement, src: string): void {
  sdk.remove();
  delete w[KEY_PREFIX + src];
}

/**
 * Runs `run` once, when `UR` exists: at once if it does, else on any resource's load event
 * (captured on document) or the window's. It never touches window.onload, which the page may own.
 */
export function whenSdkReady(w: ChatWindow, d: Document, run: (() => void) | 0): void {
  function check(): void {
    // Emptied before it runs, so that a run that throws is not tried again on the next load event;
    // `run` itself rather than a flag beside it, which cost bytes on every page.
    const now = run;
    if (now && sdkReady(w)) {
      run = 0;
      now();
    }
  }
  check();
  // Left in place once done: removing them costs more bytes on every page than the no-op calls cost.
  d.addEventListener('load', check, true);
  w.addEventListener('load', check);
}
