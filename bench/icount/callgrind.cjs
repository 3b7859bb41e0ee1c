// Running one icount scenario under callgrind and reading its slices back: shared by
// bench/icount.cjs (the table) and bench/icount/profile.cjs (one scenario's functions).
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

/** Slices in the first window (requests 4,000 to 8,000 with scenario.cjs's defaults); the rest are the second. */
const FIRST_WINDOW = 16;

/**
 * valgrind's arguments for one scenario, its dumps written to `dir`: one dump before each of the
 * driver's process.resourceUsage() marks, so each dump after the first holds one slice.
 */
function callgrindArgs(dir, name, { valgrind = [], node = [] } = {}) {
  return [
    '--tool=callgrind',
    ...valgrind,
    '--dump-before=*node::ResourceUsage*',
    `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
    process.execPath,
    '--predictable',
    '--max-semi-space-size=64',
    ...node,
    path.join(__dirname, 'scenario.cjs'),
    name,
  ];
}

/** What the scenario printed last: { name, bytes, slice, slices }. */
function scenarioInfo(stdout) {
  return JSON.parse(stdout.trim().split('\n').pop());
}

/**
 * The slices' dumps in `dir`, in order: [{ slice (1-based), file, total instructions }]. Dump n
 * (n ≥ 1) ends at the n-th mark: dump 1 is start-up and warm-up, 2…slices+1 the slices.
 */
function sliceDumps(dir, { name, slices }) {
  const dumps = readdirSync(dir)
    .map((file) => ({ n: Number(/\.(\d+)$/.exec(file)?.[1]), file: path.join(dir, file) }))
    .filter(({ n }) => n >= 2 && n <= slices + 1)
    .sort((a, b) => a.n - b.n)
    .map(({ n, file }) => ({
      slice: n - 1,
      file,
      total: Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(file, 'utf8'))[1]),
    }));
  if (dumps.length !== slices) throw new Error(`${name}: ${dumps.length} slices dumped, expected ${slices}`);
  return dumps;
}

module.exports = { FIRST_WINDOW, callgrindArgs, scenarioInfo, sliceDumps };
