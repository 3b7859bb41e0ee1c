// Instructions per request, counted by callgrind: `npm run bench:icount [-- <scenario>…]`.
// Needs valgrind (apt-get install valgrind). Each scenario runs in its own process under callgrind
// (bench/icount/scenario.cjs): 4,000 warm-up requests, then 48 slices of 250. Two figures, each the
// cheapest slice of its window, per request:
// - "4k–8k": the first 16 slices, the method of DEVELOPERS.md;
// - "8k–16k": the other 32. V8 is still optimizing in the first window: near request 10,500 it
//   recompiles much of the hot code at once (Maglev to TurboFan), and every scenario's cheapest
//   slice drops by 20k or more, then usually repeats to about 0.5k (BENCHMARKS.md).
// ICOUNT_RUNS=5 runs each scenario five times and reports each window's median: the first window
// moves by up to about 3k from run to run, and fixing V8's seeds does not stop that (BENCHMARKS.md).
'use strict';
const {
  FIRST_WINDOW,
  eachInParallel,
  requireValgrind,
  runCallgrind,
  scenarioInfo,
  sliceDumps,
} = require('./icount/callgrind.cjs');
const { SCENARIOS } = require('./icount/scenario.cjs');

requireValgrind('bench:icount');

/** Runs one scenario under callgrind; resolves with its page size and each window's cheapest slice, per request. */
function measure(name) {
  return runCallgrind(name, {}, (dir, stdout) => {
    const info = scenarioInfo(stdout);
    const slices = sliceDumps(dir, info).map(({ total }) => total / info.slice);
    return {
      name,
      bytes: info.bytes,
      perRequest: Math.min(...slices.slice(0, FIRST_WINDOW)),
      steady: slices.length > FIRST_WINDOW ? Math.min(...slices.slice(FIRST_WINDOW)) : undefined,
    };
  });
}

/** ICOUNT_RUNS: how many times each scenario runs, 1 by default; the table gives each window's median. */
function runsFromEnvironment() {
  const text = process.env.ICOUNT_RUNS?.trim() || '1';
  if (!/^[1-9]\d?$/.test(text))
    throw new Error(`ICOUNT_RUNS: a whole number from 1 to 99 (runs per scenario), not ${JSON.stringify(text)}`);
  return Number(text);
}

/** The middle value, or the mean of the two middle ones. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One result per scenario: with several runs, each window's median over them. */
function combine(runs) {
  const [first] = runs;
  if (runs.length === 1) return first;
  const steady = runs.map((run) => run.steady);
  return {
    name: first.name,
    bytes: first.bytes,
    perRequest: median(runs.map((run) => run.perRequest)),
    steady: steady.includes(undefined) ? undefined : median(steady),
  };
}

async function main() {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SCENARIOS);
  const runs = runsFromEnvironment();
  const runsOf = new Map(names.map((name) => [name, []]));
  const started = Date.now();
  await eachInParallel(
    names.flatMap((name) => Array(runs).fill(name)),
    async (name) => {
      const result = await measure(name);
      runsOf.get(name).push(result);
      const steady = result.steady === undefined ? '' : `, ${(result.steady / 1000).toFixed(1)}k`;
      process.stderr.write(`  ${name}: ${(result.perRequest / 1000).toFixed(1)}k${steady}\n`);
    },
  );
  const results = new Map(names.map((name) => [name, combine(runsOf.get(name))]));
  const k = (n) => `${(n / 1000).toFixed(1)}k`;
  const windows = [['perRequest', 'requests 4k–8k']];
  if ([...results.values()].every((result) => result.steady !== undefined)) windows.push(['steady', 'requests 8k–16k']);
  const labels = windows.map(([, label]) => label);
  // Each row: its first cell, then one cell per window (and the bytes for the scenarios).
  const table = (head, align, rows) => {
    console.log(`\n| ${head.join(' | ')} |\n| ${head.map((_, i) => (i === 0 ? '---' : align)).join(' | ')} |`);
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  };
  const perWindow = (rowsFor) => windows.map(([key]) => rowsFor((name) => results.get(name)?.[key], k));

  const ofRuns = runs === 1 ? '' : `; the median of ${runs} runs`;
  console.log(`\nNode ${process.version}, instructions per request (the cheapest slice in each window${ofRuns})`);
  table(
    ['Scenario', ...labels, 'Bytes per response'],
    '---:',
    names.map((name) => {
      const result = results.get(name);
      return [name, ...windows.map(([key]) => k(result[key])), result.bytes.toLocaleString('en')];
    }),
  );

  const targets = perWindow(targetRows);
  const missed = targets.some((rows) => rows.some(([, , met]) => !met));
  if (targets[0].length > 0)
    table(
      ['Target', ...labels],
      '---',
      targets[0].map(([target], i) => [
        target,
        ...targets.map((rows) => `${rows[i][1]}, ${rows[i][2] ? 'met' : '**missed**'}`),
      ]),
    );

  // Figures that are not targets: one table each, a row per [first cell, added] that rowsFor gives.
  const notATarget = (title, head, rowsFor) => {
    const rows = perWindow(rowsFor);
    if (rows[0].length === 0) return;
    console.log(`\nNot a target: ${title}`);
    table(
      [head, ...labels],
      '---:',
      rows[0].map(([name], i) => [name, ...rows.map((window) => window[i][1])]),
    );
  };
  notATarget(
    'what each identified page adds to the page without chat, marked personal as the package marks it',
    'Page',
    beyondHeaderRows,
  );
  notATarget(
    "the JSON route's cost apart from Express's router layer, which any app.use adds",
    'Route',
    routerLayerRows,
  );
  console.log(`\nTotal run time: ${Math.round((Date.now() - started) / 1000)} s.`);
  if (missed) process.exitCode = 1;
}

/** The targets, for one window: [target, measured, met]. */
function targetRows(get, k) {
  const rows = [];
  const page = get('page without chat');
  const snippet = get('page with the hand-written snippet');
  if (page && snippet) {
    for (const name of ['page with the package, inline', 'page with the package, external script']) {
      if (get(name))
        rows.push([
          `${name}: added per page ≤ the snippet's`,
          `${k(get(name) - page)} vs ${k(snippet - page)}`,
          get(name) - page <= snippet - page,
        ]);
    }
  }
  const pasted = get('anonymous page, widget code pasted');
  for (const name of ['anonymous page with the package', 'anonymous page with the package, external script']) {
    if (pasted && get(name))
      rows.push([`${name} ≤ widget code pasted`, `${k(get(name))} vs ${k(pasted)}`, get(name) <= pasted]);
  }
  const json = get('JSON route without chat');
  const jsonChat = get('JSON route behind app.use(chat)');
  if (json && jsonChat) {
    const over = (jsonChat / json - 1) * 100;
    rows.push([
      'JSON route behind app.use(chat): at most 1% over the same route without it',
      `${over >= 0 ? '+' : ''}${over.toFixed(2)}% (${k(jsonChat - json)})`,
      over <= 1,
    ]);
  }
  return rows;
}

/**
 * Every identity-bearing page needs Cache-Control and Vary, which the hand-written snippet leaves
 * out, and the package sends it without an ETag: against the page marked the same way, what the
 * chat itself adds. [page, added].
 */
function beyondHeaderRows(get, k) {
  const base = get('page without chat, marked personal');
  if (base === undefined) return [];
  return [
    'page with the hand-written snippet, marked personal',
    'page with the package, inline',
    'page with the package, external script',
  ]
    .filter((name) => get(name) !== undefined)
    .map((name) => [name, k(get(name) - base)]);
}

/** The JSON route behind a no-op app.use against the route alone, and the chat's against the no-op. [row, added]. */
function routerLayerRows(get, k) {
  const json = get('JSON route without chat');
  const noOp = get('JSON route behind a no-op app.use');
  const chat = get('JSON route behind app.use(chat)');
  if (json === undefined || noOp === undefined) return [];
  const rows = [['a no-op app.use over the route alone', k(noOp - json)]];
  if (chat !== undefined) rows.push(['app.use(chat) over a no-op app.use', k(chat - noOp)]);
  return rows;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
