// One jsdom page that runs chat pages' scripts in turn: fast enough for property tests.
import { JSDOM, VirtualConsole } from 'jsdom';
import { replaceBody, STAND_IN_SDK, type UrCall } from './run-page';
import { POISON_JSON_PARSE } from './json-keys';

export interface ChatDecoder {
  /** Runs the scripts of `fragment` (the helper's output) as a fresh page would; returns the UR calls it made. */
  run(fragment: string): UrCall[];
  errors: unknown[];
}

/**
 * A window whose SDK is already loaded and whose V8 has parsed an escaped-backslash key, as another
 * script of a real page may have: a page whose data needs escaped keys reads back wrong on Node 24+.
 */
export function createChatDecoder(): ChatDecoder {
  const errors: unknown[] = [];
  let page = freshPage(errors);
  let runs = 0;
  return {
    errors,
    run(fragment) {
      // Each run leaves the bootstrap's load listeners behind: a new window now and then keeps runs fast.
      if (++runs % 500 === 0) page = freshPage(errors);
      return page(fragment);
    },
  };
}

function freshPage(errors: unknown[]): (fragment: string) => UrCall[] {
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error) => errors.push(error));
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'https://site.test/',
    runScripts: 'dangerously',
    virtualConsole,
  });
  window.eval(STAND_IN_SDK);
  window.eval(POISON_JSON_PARSE);
  const ur = (window as unknown as { UR: { calls: UrCall[] } }).UR;
  return function run(fragment) {
    window.localStorage.clear();
    ur.calls.length = 0;
    replaceBody(window.document, fragment);
    return structuredClone(ur.calls);
  };
}
