// Macro benchmarks: autocannon on loopback against real Express 5 servers, rounds alternating A B B A;
// besides req/s, the servers' own CPU time per request, which neighbours on a shared machine disturb less.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const ROUNDS = 9; // of each variant
const DURATION_S = 2;
const CONNECTIONS = 10;

// On 2 cores, the servers get one and autocannon the other, so they do not steal each other's time.
let pin = [];
try {
  execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  pin = ['taskset', '-c', '1'];
} catch {
  pin = [];
}

function start(kind, variant) {
  const command = [...pin, process.execPath, path.join(__dirname, 'server.cjs'), kind, variant];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const stats = () =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send('stats');
    });
  return new Promise((resolve) => {
    child.stdout.once('data', (chunk) =>
      resolve({ url: `http://127.0.0.1:${String(chunk).trim()}/`, stats, stop: () => child.kill() }),
    );
  });
}

function load(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** Medians of req/s and p99 for A and B, alternating A B B A so neither always goes first. */
async function compare(kind, variantA, variantB) {
  const [a, b] = await Promise.all([start(kind, variantA), start(kind, variantB)]);
  try {
    await load(a.url, 2);
    await load(b.url, 2);
    const rounds = { a: [], b: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const order =
        round % 2 === 0
          ? [
              ['a', a],
              ['b', b],
            ]
          : [
              ['b', b],
              ['a', a],
            ];
      for (const [name, server] of order) {
        const before = await server.stats();
        const result = await load(server.url, DURATION_S);
        const after = await server.stats();
        if (result.non2xx || result.errors)
          throw new Error(`${kind}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        const cpuMicros = after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system;
        const cpu = cpuMicros / (after.served - before.served);
        rounds[name].push({ rps: result.requests.average, p99: result.latency.p99, cpu });
      }
    }
    const summary = (list) => {
      const rps = list.map((r) => r.rps);
      return {
        rps: median(rps),
        min: Math.min(...rps),
        max: Math.max(...rps),
        p99: median(list.map((r) => r.p99)),
        cpu: median(list.map((r) => r.cpu)),
      };
    };
    return { without: summary(rounds.a), with: summary(rounds.b) };
  } finally {
    a.stop();
    b.stop();
  }
}

async function runMacro() {
  return {
    page: await compare('page', 'without', 'with'),
    json: await compare('json', 'without', 'with'),
    // The same app against itself: the noise floor of this machine, for reading the ratios above.
    control: await compare('json', 'without', 'without'),
  };
}

module.exports = { runMacro, ROUNDS, DURATION_S, CONNECTIONS, pinned: () => pin.length > 0 };
