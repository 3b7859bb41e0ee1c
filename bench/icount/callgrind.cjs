// Running one icount scenario under callgrind and reading its slices back: shared by
// bench/icount.cjs (the table), bench/icount/profile.cjs (one scenario's functions) and
// bench/icount/locals.cjs (the middleware alone).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Exits with a hint when valgrind is not installed; `command` names the npm script. */
function requireValgrind(command) {
  if (spawnSync('valgrind', ['--version']).error) {
    console.error(`${command} needs valgrind: sudo apt-get install valgrind`);
    process.exit(1);
  }
}

/** How many processes run under callgrind at once: ICOUNT_PARALLEL, 2 by default. */
const PARALLEL = Math.max(1, Math.min(os.availableParallelism(), Number(process.env.ICOUNT_PARALLEL ?? 2)));

/** Slices in the first window (requests 4,000 to 8,000 with scenario.cjs's defaults); the rest are the second. */
const FIRST_WINDOW = 16;

/**
 * valgrind's arguments for one scenario, its dumps written to `dir`: one dump before each of the
 * driver's process.resourceUsage() marks, so each dump after the first holds one slice. `script`
 * is the driver, run as `node script name`.
 */
function callgrindArgs(dir, name, { valgrind = [], node = [], script = path.join(__dirname, 'scenario.cjs') } = {}) {
  return [
    '--tool=callgrind',
    ...valgrind,
    '--dump-before=*node::ResourceUsage*',
    `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
    process.execPath,
    '--predictable',
    '--max-semi-space-size=64',
    ...node,
    script,
    name,
  ];
}

/**
 * Runs one scenario under callgrind in a temporary directory, which is also its working directory, so
 * that whatever else the run writes (V8's log, say) goes with it; resolves with what
 * `read(dir, stdout)` makes of its dumps once valgrind exits 0. The directory is removed either way.
 */
function runCallgrind(name, options, read) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'icount-'));
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', callgrindArgs(dir, name, options), {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`${name}: valgrind exited ${code}\n${stderr.slice(-2000)}`);
        resolve(read(dir, stdout));
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Runs `task(job)` for each job (a scenario's name, say), PARALLEL at a time. */
async function eachInParallel(jobs, task) {
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) await task(job);
    }),
  );
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

module.exports = {
  FIRST_WINDOW,
  eachInParallel,
  requireValgrind,
  runCallgrind,
  scenarioInfo,
  sliceDumps,
};
