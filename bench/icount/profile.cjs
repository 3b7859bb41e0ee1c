// Where one scenario's instructions go: `node bench/icount/profile.cjs '<scenario>' [top] [first]`.
// Runs it under callgrind as bench/icount.cjs does (48 slices of 250 after 4,000 warm-up requests),
// takes the cheapest slice of the second window (requests 8k–16k), or of the first (4k–8k) when
// told `first`, and prints the functions with the most instructions of their own, per request.
// V8's generated code has no symbols for callgrind; node --perf-basic-prof writes
// /tmp/perf-<pid>.map, which names it here ("JS:*'name file:line", * TurboFan, + Maglev,
// ^ Sparkplug, ~ interpreted). To compare two builds, run it with ICOUNT_DIST pointing at each and
// compare the lists.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [name, top = '40', window = 'second'] = process.argv.slice(2);
if (window !== 'first' && window !== 'second')
  throw new Error(`window: "first" or "second", not ${JSON.stringify(window)}`);
const SLICES = 48;
const FIRST_WINDOW = 16;
const dir = mkdtempSync(path.join(os.tmpdir(), 'icount-profile-'));
try {
  const run = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--compress-strings=no',
      '--dump-before=*node::ResourceUsage*',
      `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
      process.execPath,
      '--predictable',
      '--max-semi-space-size=64',
      '--perf-basic-prof',
      // It also turns on V8's log, which would otherwise land in the working directory.
      '--no-logfile-per-isolate',
      `--logfile=${path.join(dir, 'v8.log')}`,
      path.join(__dirname, 'scenario.cjs'),
      name,
    ],
    { encoding: 'utf8', env: { ...process.env, ICOUNT_SLICES: String(SLICES) } },
  );
  if (run.status !== 0) throw new Error(`valgrind exited ${run.status}\n${run.stderr.slice(-2000)}`);

  // Dump n ends at the n-th mark: 2…17 are the first window, 18…49 the second.
  const total = (file) => Number(/^summary: (\d+)/m.exec(readFileSync(file, 'utf8'))[1]);
  const [cheapest] = readdirSync(dir)
    .map((file) => ({ n: Number(/\.(\d+)$/.exec(file)?.[1]), file: path.join(dir, file) }))
    .filter(({ n }) =>
      window === 'first' ? n >= 2 && n <= FIRST_WINDOW + 1 : n >= FIRST_WINDOW + 2 && n <= SLICES + 1,
    )
    .map((dump) => ({ ...dump, total: total(dump.file) }))
    .sort((a, b) => a.total - b.total);
  const pid = /^pid: (\d+)/m.exec(readFileSync(cheapest.file, 'utf8'))[1];

  const symbols = readFileSync(`/tmp/perf-${pid}.map`, 'utf8')
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
  rmSync(`/tmp/perf-${pid}.map`, { force: true });
  console.log(
    `${name}: ${(cheapest.total / 250 / 1000).toFixed(1)}k instructions per request (slice ${cheapest.n - 1})`,
  );
  for (const [label, cost] of [...costs].sort((a, b) => b[1] - a[1]).slice(0, Number(top)))
    console.log(`${(cost / 250).toFixed(0).padStart(8)}  ${label}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
