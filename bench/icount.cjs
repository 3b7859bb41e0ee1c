// Instructions per request, counted by callgrind: `npm run bench:icount [-- <scenario>…]`.
// Needs valgrind (apt-get install valgrind). Each scenario runs in its own process under callgrind
// (bench/icount/scenario.cjs): 4,000 warm-up requests, then 16 slices of 250; the figure is the
// cheapest slice, per request. Repeatable to about 0.5k instructions on one machine and Node.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { SCENARIOS } = require('./icount/scenario.cjs');

const SCENARIO = path.join(__dirname, 'icount', 'scenario.cjs');
const PARALLEL = Math.max(1, Math.min(os.availableParallelism(), Number(process.env.ICOUNT_PARALLEL ?? 2)));

if (spawnSync('valgrind', ['--version']).error) {
  console.error('bench:icount needs valgrind: sudo apt-get install valgrind');
  process.exit(1);
}

/** Runs one scenario under callgrind; resolves with its slices' instruction counts and page size. */
function measure(name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'icount-'));
  const args = [
    '--tool=callgrind',
    '--dump-before=*node::ResourceUsage*',
    `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
    process.execPath,
    '--predictable',
    '--max-semi-space-size=64',
    SCENARIO,
    name,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`${name}: valgrind exited ${code}\n${stderr.slice(-2000)}`);
        const info = JSON.parse(stdout.trim().split('\n').pop());
        // Dump n (n ≥ 1) ends at the n-th mark: dump 1 is start-up and warm-up, 2…slices+1 the slices.
        const totals = readdirSync(dir)
          .map((file) => /\.(\d+)$/.exec(file))
          .filter(Boolean)
          .map((match) => ({ n: Number(match[1]), file: match.input }))
          .filter(({ n }) => n >= 2 && n <= info.slices + 1)
          .map(({ file }) => {
            const text = readFileSync(path.join(dir, file), 'utf8');
            return Number(/^(?:summary|totals): (\d+)/m.exec(text)[1]);
          });
        if (totals.length !== info.slices)
          throw new Error(`${name}: ${totals.length} slices dumped, expected ${info.slices}`);
        resolve({
          name,
          bytes: info.bytes,
          perRequest: Math.min(...totals) / info.slice,
          slices: totals.map((t) => t / info.slice),
        });
      } catch (error) {
        reject(error);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function main() {
  const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(SCENARIOS);
  const results = new Map();
  const queue = [...names];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (queue.length > 0) {
        const name = queue.shift();
        const result = await measure(name);
        results.set(name, result);
        process.stderr.write(`  ${name}: ${(result.perRequest / 1000).toFixed(1)}k\n`);
      }
    }),
  );
  const k = (n) => `${(n / 1000).toFixed(1)}k`;
  const get = (name) => results.get(name)?.perRequest;
  console.log(
    `\nNode ${process.version}, instructions per request (cheapest slice of 250 after 4,000 warm-up requests)\n`,
  );
  console.log('| Scenario | Instructions per request | Bytes per response |');
  console.log('| --- | ---: | ---: |');
  for (const name of names)
    console.log(`| ${name} | ${k(get(name))} | ${results.get(name).bytes.toLocaleString('en')} |`);

  const page = get('page without chat');
  const snippet = get('page with the hand-written snippet');
  const rows = [];
  const added = (name) => get(name) - page;
  if (page && snippet) {
    for (const name of ['page with the package, inline', 'page with the package, external script']) {
      if (get(name))
        rows.push([
          `${name}: added per page ≤ the snippet's (${k(snippet - page)})`,
          k(added(name)),
          added(name) <= snippet - page,
        ]);
    }
  }
  const pasted = get('anonymous page, widget code pasted');
  for (const name of ['anonymous page with the package', 'anonymous page with the package, external script']) {
    if (pasted && get(name))
      rows.push([`${name} ≤ widget code pasted (${k(pasted)})`, k(get(name)), get(name) <= pasted]);
  }
  const json = get('JSON route without chat');
  const jsonChat = get('JSON route behind app.use(chat)');
  if (json && jsonChat) {
    const over = (jsonChat / json - 1) * 100;
    rows.push([
      `JSON route behind app.use(chat): at most 1% over ${k(json)}`,
      `${over >= 0 ? '+' : ''}${over.toFixed(2)}% (${k(jsonChat - json)})`,
      over <= 1,
    ]);
  }
  if (rows.length > 0) {
    console.log('\n| Target | Measured | |\n| --- | ---: | --- |');
    for (const [target, measured, met] of rows)
      console.log(`| ${target} | ${measured} | ${met ? 'met' : '**missed**'} |`);
  }
  console.log(`\nTotal run time: ${Math.round((Date.now() - started) / 1000)} s.`);
  if (rows.some(([, , met]) => !met)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
