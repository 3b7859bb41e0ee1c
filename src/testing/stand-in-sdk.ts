// A recording stand-in for UseResponse's chat SDK, for tests that run pages in jsdom or a browser.

/**
 * JavaScript that defines `window.UR` with `userConfig` and `clearChatStorage`, records every call
 * in `window.UR.calls` as `{ method, args }`, and counts its runs in `window.__sdkRuns`. Serve it
 * at your widget URL (Playwright: `route.fulfill({ body: STAND_IN_SDK })`), or run it in the page.
 */
export const STAND_IN_SDK = `(function(){
  window.__sdkRuns = (window.__sdkRuns || 0) + 1;
  var calls = (window.UR && window.UR.calls) || [];
  window.UR = {
    calls: calls,
    userConfig: function (config) { calls.push({ method: 'userConfig', args: [config] }); },
    clearChatStorage: function () { calls.push({ method: 'clearChatStorage', args: [] }); }
  };
})();`;

/** One recorded call of the stand-in SDK. */
export interface RecordedUrCall {
  method: 'userConfig' | 'clearChatStorage';
  args: unknown[];
}
