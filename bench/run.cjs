// `npm run bench`: micro, macro and memory benchmarks; prints the table and writes BENCHMARKS.md.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { USER, FakeResponse, request, createChat } = require('./fixtures.cjs');
const { runMicro, ROUNDS: MICRO_ROUNDS, BATCH } = require('./micro.cjs');
const { runMacro, ROUNDS: MACRO_ROUNDS, DURATION_S, CONNECTIONS, pinned } = require('./macro.cjs');
const { runMemory } = require('./memory.cjs');

const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const verdict = (ok) => (ok ? 'met' : '**missed**');

const BENCHMARKS = path.join(__dirname, '..', 'BENCHMARKS.md');
/** This benchmark's part of BENCHMARKS.md: from its heading to the end. The instruction counts above it are kept. */
const SECTION = '## Wall-clock view (`npm run bench`)';

function withSection(document, section) {
  const at = document.indexOf(`\n${SECTION}\n`);
  return `${at === -1 ? `${document.trimEnd()}\n` : document.slice(0, at)}\n${section}`;
}

function pageBytes() {
  const res = new FakeResponse();
  createChat()(request(USER), res, () => {});
  res.locals.cspNonce = 'bm9uY2UtZm9yLWJlbmNo';
  return Buffer.byteLength(res.locals.useresponseChat());
}

async function main() {
  const started = Date.now();
  const micro = await runMicro();
  process.stderr.write('micro done\n');
  const memory = runMemory();
  process.stderr.write('memory done\n');
  const macro = await runMacro();
  process.stderr.write('macro done\n');
  const bytes = pageBytes();

  const names = Object.keys(micro);
  const [bare, a, b, c, d, e, doubles] = names.map((n) => micro[n]);
  const net = (x) => x - doubles;
  const lines = [];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  lines.push(SECTION, '');
  lines.push(
    'Secondary: autocannon and tinybench, in nanoseconds and requests per second, which vary from run',
    'to run on these shared machines by more than most differences they show; the instruction counts',
    'above decide.',
    '',
  );
  lines.push(
    `Run on ${new Date().toISOString().slice(0, 10)}: ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}.`,
  );
  lines.push('Produced by `npm run bench`; every figure is a ratio against a baseline measured in the same run.', '');
  lines.push(
    '### Micro (ns per request, median of ' + MICRO_ROUNDS + ' tinybench rounds, ' + BATCH + ' calls per sample)',
    '',
  );
  lines.push(
    'The middleware runs against request/response doubles (`bench/fixtures.cjs`); "net" subtracts the cost of creating those doubles.',
    '',
  );
  lines.push('| Case | ns/op | net ns/op | ratio to (d) |', '| --- | ---: | ---: | ---: |');
  for (const name of names) {
    const value = micro[name];
    const isRequest = /^\((a|b|c)\)|^bare/.test(name);
    lines.push(
      `| ${name} | ${fmt(value)} | ${isRequest ? fmt(net(value)) : ''} | ${fmt((isRequest ? net(value) : value) / d, 2)} |`,
    );
  }
  lines.push(
    '',
    `### Macro (autocannon, loopback, ${CONNECTIONS} connections, ${MACRO_ROUNDS} rounds of ${DURATION_S} s per variant in A B B A order, medians)`,
    '',
    pinned()
      ? 'Servers pinned to CPU 1 and autocannon to CPU 0 with taskset.'
      : 'taskset was not available: servers and autocannon share the CPUs.',
    '',
    '| App | without: req/s (min–max) | p99 ms | CPU µs/req | with: req/s (min–max) | p99 ms | CPU µs/req | throughput ratio | CPU ratio (without / with) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const range = (v) => `${fmt(v.rps)} (${fmt(v.min)}–${fmt(v.max)})`;
  for (const [label, key] of [
    ['EJS page, identified visitor, helper rendered', 'page'],
    ['JSON API route', 'json'],
    ['Control: the JSON route without the package, against itself', 'control'],
  ]) {
    const m = macro[key];
    lines.push(
      `| ${label} | ${range(m.without)} | ${m.without.p99} | ${fmt(m.without.cpu, 1)} | ${range(m.with)} | ${m.with.p99} | ${fmt(m.with.cpu, 1)} | ${fmt(m.with.rps / m.without.rps, 3)} | ${fmt(m.without.cpu / m.with.cpu, 3)} |`,
    );
  }
  lines.push(
    '',
    'The control row is the noise floor of this machine: two identical servers, measured the same way. ' +
      'A ratio closer to 1 than the control, or than the min–max spread allows, cannot be told from noise. ' +
      'The CPU ratio (server CPU time per request without the package, divided by with it) is the throughput a CPU-bound server keeps; it is steadier than req/s here.',
  );
  lines.push('', '### Memory', '');
  lines.push(
    `${fmt(memory.calls)} middleware + helper calls for ${fmt(memory.users)} distinct users: heap after GC grew by ${fmt(memory.growthBytes / 1024 / 1024, 2)} MB.`,
    '',
  );
  lines.push('### Page weight', '');
  lines.push(
    `The helper's output for an identified visitor (Brian, one custom field, a nonce): ${fmt(bytes)} bytes.`,
    '',
  );

  const targets = [
    [`(a) costs at most 100 ns/op over a bare next()`, `${fmt(a - bare)} ns`, a - bare <= 100],
    [
      `JSON route keeps at least 0.99 of its throughput`,
      `CPU ${fmt(macro.json.without.cpu / macro.json.with.cpu, 3)}, req/s ${fmt(macro.json.with.rps / macro.json.without.rps, 3)}`,
      macro.json.without.cpu / macro.json.with.cpu >= 0.99,
    ],
    [`(b) costs at most 1.5 times the floor (d)`, `${fmt(net(b) / d, 2)}×`, net(b) / d <= 1.5],
    [`(b) is no slower than the naive version (e)`, `${fmt(net(b))} vs ${fmt(e)} ns`, net(b) <= e],
    [
      `EJS page keeps at least 0.97 of its throughput`,
      `CPU ${fmt(macro.page.without.cpu / macro.page.with.cpu, 3)}, req/s ${fmt(macro.page.with.rps / macro.page.without.rps, 3)}`,
      macro.page.without.cpu / macro.page.with.cpu >= 0.97,
    ],
    [`helper adds at most 1.5 KB (1,536 bytes) for an identified visitor`, `${fmt(bytes)} bytes`, bytes <= 1536],
    [
      `heap growth after 1,000,000 calls at most 5 MB`,
      `${fmt(memory.growthBytes / 1024 / 1024, 2)} MB`,
      memory.growthBytes <= 5 * 1024 * 1024,
    ],
  ];
  lines.push(
    '### Targets',
    '',
    'Throughput targets are judged on the CPU ratio; the req/s ratio is shown beside it, with the control row above for its noise.',
    '',
    '| Target | Measured | |',
    '| --- | ---: | --- |',
  );
  for (const [target, measured, ok] of targets) lines.push(`| ${target} | ${measured} | ${verdict(ok)} |`);
  lines.push('', `(c), the anonymous visitor, costs ${fmt(net(c))} ns net: no hash, the loader only.`);
  lines.push('', `Total run time: ${fmt((Date.now() - started) / 1000)} s.`, '');
  lines.push(readFileSync(path.join(__dirname, 'NOTES.md'), 'utf8'));

  const text = lines.join('\n');
  process.stdout.write(text + '\n');
  writeFileSync(BENCHMARKS, withSection(readFileSync(BENCHMARKS, 'utf8'), text));
  return text;
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
