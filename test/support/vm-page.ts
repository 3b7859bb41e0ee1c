// Runs the helper's output in node:vm with the HTML parsed by parse5: fast enough for property tests.
import vm from 'node:vm';
import { scriptElements, textOf, attr } from './html';

export interface VmRun {
  scripts: number;
  calls: { method: string; args: unknown[] }[];
}

const context = vm.createContext({});

/**
 * Parses `html` as a browser would (parse5), then runs its executable script against a stand-in
 * UR in a page whose JSON data block is the one parse5 found just before it.
 */
export function runInVm(html: string): VmRun {
  const scripts = scriptElements(html);
  const code = scripts.filter((s) => attr(s, 'type') === undefined);
  const data = scripts.filter((s) => attr(s, 'type') === 'application/json');
  const record = vm.runInContext(
    `(function () {
      var calls = [];
      globalThis.window = globalThis;
      globalThis.UR = {
        userConfig: function (c) { calls.push({ method: 'userConfig', args: [JSON.stringify(c)] }); },
        clearChatStorage: function () { calls.push({ method: 'clearChatStorage', args: [] }); }
      };
      globalThis.localStorage = { getItem: function () { return null; }, setItem: function () {}, removeItem: function () {} };
      globalThis.addEventListener = function () {};
      return calls;
    })()`,
    context,
  ) as { method: string; args: string[] }[];
  for (const script of code) {
    const previous = data[scripts.indexOf(script) - 1] === undefined ? undefined : scripts[scripts.indexOf(script) - 1];
    context.document = {
      currentScript: { previousElementSibling: previous && { textContent: textOf(previous) }, nonce: '' },
      getElementById: () => ({}),
      addEventListener: () => undefined,
    };
    vm.runInContext(textOf(script), context);
  }
  return {
    scripts: scripts.length,
    calls: record.map((c) => ({ method: c.method, args: c.args.map((a) => JSON.parse(a) as unknown) })),
  };
}
