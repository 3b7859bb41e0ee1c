// Where one scenario's instructions go: `node bench/icount/profile.cjs '<scenario>' [top] [first]`.
// Runs it under callgrind as bench/icount.cjs does (48 slices of 250 after 4,000 warm-up requests),
// takes the cheapest slice of the second window (requests 8k–16k), or of the first (4k–8k) when
// told `first`, and prints the functions with the most instructions of their own, per request.
// V8's generated code has no symbols for callgrind; node --perf-basic-prof writes
// perf-<pid>.map, which names it here ("JS:*'name file:line", * TurboFan, + Maglev,
// ^ Sparkplug, ~ interpreted). To compare two builds, run it with ICOUNT_DIST pointing at each and
// compare the lists.
'use strict';
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { FIRST_WINDOW, requireValgrind, runCallgrind, scenarioInfo, sliceDumps } = require('./callgrind.cjs');

const [name, top = '40', window = 'second'] = process.argv.slice(2);
if (window !== 'first' && window !== 'second')
  throw new Error(`window: "first" or "second", not ${JSON.stringify(window)}`);
requireValgrind('bench/icount/profile.cjs');

/** Reads the dumps of the run: the cheapest slice of the window, its functions named and summed. */
function profile(dir, stdout) {
  const info = scenarioInfo(stdout);
  const dumps = sliceDumps(dir, info);
  const [cheapest] = (window === 'first' ? dumps.slice(0, FIRST_WINDOW) : dumps.slice(FIRST_WINDOW)).sort(
    (a, b) => a.total - b.total,
  );
  if (cheapest === undefined) throw new Error(`no slice in the ${window} window: ICOUNT_SLICES is ${info.slices}`);
  const pid = /^pid: (\d+)/m.exec(readFileSync(cheapest.file, 'utf8'))[1];

  const symbols = readFileSync(path.join(dir, `perf-${pid}.map`), 'utf8')
    .split('\n')
    .map((line) => /^([0-9a-f]+) ([0-9a-f]+) (.*)$/.exec(line))
    .filter(Boolean)
    .map(([, start, size, label]) => ({
      start: parseInt(start, 16),
      end: parseInt(start, 16) + parseInt(size, 16),
      label,
    }))
    .sort((a, b) => a.start - b.start);
  const nameOf = (address) => {
    let low = 0;
    let high = symbols.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (symbols[mid].end <= address) low = mid + 1;
      else if (symbols[mid].start > address) high = mid - 1;
      else return symbols[mid].label;
    }
    return undefined;
  };

  const annotated = spawnSync('callgrind_annotate', ['--inclusive=no', '--threshold=100', cheapest.file], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }).stdout;
  const costs = new Map();
  for (const line of annotated.split('\n')) {
    const match = /^\s*([\d,]+) (?:\([\s\d.]+%\)\s+)?(.*)$/.exec(line);
    // The functions still on the stack at the dump (main, the event loop) show the whole slice.
    if (!match || Number(match[1].replaceAll(',', '')) === cheapest.total) continue;
    const address = /^\?\?\?:0x([0-9a-f]+)/.exec(match[2]);
    const label = (address && nameOf(parseInt(address[1], 16))) ?? match[2].replace(/ \[.*\]$/, '');
    costs.set(label, (costs.get(label) ?? 0) + Number(match[1].replaceAll(',', '')));
  }
  console.log(
    `${name}: ${(cheapest.total / info.slice / 1000).toFixed(1)}k instructions per request (slice ${cheapest.slice})`,
  );
  for (const [label, cost] of [...costs].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    console.log(`${(cost / info.slice).toFixed(0).padStart(8)}  ${label}`);
}

runCallgrind(
  name,
  {
    valgrind: ['--compress-strings=no'],
    // The symbol map (and V8's log, which --perf-basic-prof also turns on) go in the run's directory,
    // its working directory, removed with it whether the run succeeds or not.
    node: ['--perf-basic-prof', '--perf-basic-prof-path=.'],
  },
  profile,
).catch((error) => {
  console.error(error);
  process.exit(1);
});
