// Runs a page in jsdom with a stand-in UseResponse SDK that records every UR call.
import { JSDOM, ResourceLoader, VirtualConsole, type DOMWindow, type FetchOptions } from 'jsdom';
import { STAND_IN_SDK } from '../../src/testing/index';
import { WIDGET_SRC } from './app';

export interface UrCall {
  method: 'userConfig' | 'clearChatStorage';
  args: unknown[];
}

// The package's own test helper (express-useresponse/testing), which users' tests use too.
export { STAND_IN_SDK };

export interface PageRun {
  window: DOMWindow;
  /** UR calls, copied out of the page through JSON (lone surrogates survive as escapes). */
  calls(): UrCall[];
  /** How many times the SDK was requested from the network. */
  sdkRequests(): number;
  storage(): Record<string, string>;
  errors: unknown[];
  /** Runs `html` (a fragment) again in the same window, as a Turbo visit would. */
  navigate(html: string): Promise<void>;
}

export interface RunPageOptions {
  /** localStorage entries present before the page runs, as left by an earlier page. */
  storage?: Record<string, string>;
  /** Defines UR before the page's scripts run (a page that already carries the SDK). */
  sdkAlreadyLoaded?: boolean;
  /** Files of the site (https://site.test) by path, such as the client script, served to the page. */
  files?: Record<string, string>;
}

/** The chat's markup in a page: from its first script element to the end of its last. */
export function chatFragment(html: string): string {
  return html.slice(html.indexOf('<script'), html.lastIndexOf('</script>') + '</script>'.length);
}

/**
 * Replaces the body with `fragment` and runs its scripts, as Turbo does: scripts parsed by
 * innerHTML never run, so each is re-created, and runs when inserted.
 */
export function replaceBody(doc: Document, fragment: string): void {
  const template = doc.createElement('template');
  template.innerHTML = fragment;
  doc.body.replaceChildren();
  for (const node of [...template.content.childNodes]) {
    if (node.nodeName !== 'SCRIPT') {
      doc.body.append(node);
      continue;
    }
    const old = node as HTMLScriptElement;
    const script = doc.createElement('script');
    for (const { name, value } of [...old.attributes]) script.setAttribute(name, value);
    script.textContent = old.textContent;
    doc.body.append(script);
  }
}

function settle(window: DOMWindow): Promise<void> {
  return new Promise((resolve) => {
    const done = () => setTimeout(resolve, 20);
    if (window.document.readyState === 'complete') done();
    else window.addEventListener('load', done);
  });
}

/** Loads a full HTML document, or wraps a fragment in one, and waits for the load event. */
export async function runPage(html: string, options: RunPageOptions = {}): Promise<PageRun> {
  let requests = 0;
  const errors: unknown[] = [];
  class StandInLoader extends ResourceLoader {
    override fetch(url: string, fetchOptions: FetchOptions) {
      if (url === WIDGET_SRC) {
        requests += 1;
        return Promise.resolve(Buffer.from(STAND_IN_SDK)) as ReturnType<ResourceLoader['fetch']>;
      }
      const { origin, pathname } = new URL(url);
      const file = origin === 'https://site.test' ? options.files?.[pathname] : undefined;
      if (file !== undefined) return Promise.resolve(Buffer.from(file)) as ReturnType<ResourceLoader['fetch']>;
      return super.fetch(url, fetchOptions);
    }
  }
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (error) => errors.push(error));
  virtualConsole.on('error', (error) => errors.push(error));
  const document = /^\s*<!doctype/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const dom = new JSDOM(document, {
    url: 'https://site.test/',
    runScripts: 'dangerously',
    resources: new StandInLoader(),
    virtualConsole,
    beforeParse(window) {
      for (const [key, value] of Object.entries(options.storage ?? {})) window.localStorage.setItem(key, value);
      if (options.sdkAlreadyLoaded) window.eval(STAND_IN_SDK);
    },
  });
  const { window } = dom;
  await settle(window);
  return {
    window,
    errors,
    calls: () => JSON.parse(String(window.eval('JSON.stringify((window.UR && window.UR.calls) || [])'))) as UrCall[],
    sdkRequests: () => requests,
    storage: () => ({ ...window.localStorage }),
    async navigate(fragment: string) {
      replaceBody(window.document, fragment);
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}
