// Macro benchmarks: autocannon on loopback against real Express 5 servers, rounds alternating A B A B.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const ROUNDS = 3;
const DURATION_S = 4;
const CONNECTIONS = 10;

function start(kind, variant) {
  const child = spawn(process.execPath, [path.join(__dirname, 'server.cjs'), kind, variant], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    child.stdout.once('data', (chunk) =>
      resolve({ url: `http://127.0.0.1:${String(chunk).trim()}/`, stop: () => child.kill() }),
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

/** Returns { rps, p99 } medians for the variant without the package (A) and with it (B). */
async function compare(kind) {
  const [without, withChat] = await Promise.all([start(kind, 'without'), start(kind, 'with')]);
  try {
    await load(without.url, 1);
    await load(withChat.url, 1);
    const rounds = { without: [], with: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, server] of [
        ['without', without],
        ['with', withChat],
      ]) {
        const result = await load(server.url, DURATION_S);
        if (result.non2xx || result.errors)
          throw new Error(`${kind} ${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        rounds[name].push({ rps: result.requests.average, p99: result.latency.p99 });
      }
    }
    const summary = (list) => ({ rps: median(list.map((r) => r.rps)), p99: median(list.map((r) => r.p99)) });
    return { without: summary(rounds.without), with: summary(rounds.with) };
  } finally {
    without.stop();
    withChat.stop();
  }
}

async function runMacro() {
  return { page: await compare('page'), json: await compare('json') };
}

module.exports = { runMacro, ROUNDS, DURATION_S, CONNECTIONS };
