// The constant inline script that reads the page's chat config and drives the UseResponse SDK.
import { createHash } from 'node:crypto';

/*
 * The same bytes on every page, so a CSP may allow it by hash; all per-visitor data lives in the
 * JSON block just before it. In order, it:
 * - reads that block (`s.previousElementSibling`), so no data is ever parsed as code;
 * - gives itself the instance id when no element has it, as UseResponse's loader does;
 * - loads the SDK once per page, async, carrying this script's nonce (a flag on window, keyed by
 *   the URL, lets a second run, as after a Turbo or pjax visit, reuse it);
 * - waits for `UR` without touching window.onload: at once if it exists, else on any resource's
 *   load event (captured on document) or the window's, running only once;
 * - calls UR.clearChatStorage() first when logging out or when the stored fingerprint of the last
 *   identity differs, then UR.userConfig(identity) exactly once;
 * - keeps in localStorage only a 32-bit FNV-1a hash of the token: enough to notice a different
 *   user, far too little to recover the token, and the email is never hashed on its own.
 */
export const BOOTSTRAP_JS =
  '(function(w,d){' +
  'var s=d.currentScript,c,K="useresponse:fp",done;' +
  'try{c=JSON.parse(s.previousElementSibling.textContent)}catch(e){return}' +
  'function ok(){return w.UR&&w.UR.userConfig}' +
  'function cl(){w.UR.clearChatStorage&&w.UR.clearChatStorage()}' +
  'function fp(t){for(var h=2166136261,j=0;j<t.length;j++)h=Math.imul(h^t.charCodeAt(j),16777619);return(h>>>0).toString(36)}' +
  'function go(){var i=c.id,f=i&&fp(i.token),o,l;' +
  'try{l=w.localStorage;o=l.getItem(K);f?l.setItem(K,f):c.clear&&l.removeItem(K)}catch(e){}' +
  'if(c.clear||f&&o&&o!=f)cl();' +
  'if(i)w.UR.userConfig(i);' +
  'if(c.pc)w.addEventListener("pagehide",function(){try{l.removeItem(K)}catch(e){}cl()})}' +
  'function h(){if(!done&&ok()){done=1;go()}}' +
  'if(c.iid&&!d.getElementById(c.iid))s.id=c.iid;' +
  'if(c.src&&!ok()&&!w[K+c.src]){w[K+c.src]=1;var e=d.createElement("script");e.async=!0;e.src=c.src;if(s.nonce)e.nonce=s.nonce;(d.head||d.body).appendChild(e)}' +
  'h();d.addEventListener("load",h,true);w.addEventListener("load",h)' +
  '})(window,document)';

/** The CSP source that allows {@link BOOTSTRAP_JS} by hash, e.g. for `script-src`. */
export const BOOTSTRAP_CSP_HASH = `'sha256-${createHash('sha256').update(BOOTSTRAP_JS).digest('base64')}'`;
