// Micro benchmarks: per-request cost of the middleware and helper, against baselines in the same process.
'use strict';
const { Bench } = require('tinybench');
const { USER, FakeResponse, request, createChat, naive, floor } = require('./fixtures.cjs');

const BATCH = 200; // calls per sample, so timer resolution does not dominate sub-microsecond work
const ROUNDS = 5;

const chat = createChat();
const noop = () => {};
let sink;

function bare(req, res, next) {
  next();
}

const CASES = {
  'bare next() (baseline for a)': () => {
    for (let i = 0; i < BATCH; i++) bare(request(USER), new FakeResponse(), noop);
  },
  '(a) app.use(chat), JSON route, never renders': () => {
    for (let i = 0; i < BATCH; i++) chat(request(USER), new FakeResponse(), noop);
  },
  '(b) middleware + helper, identified': () => {
    for (let i = 0; i < BATCH; i++) {
      const res = new FakeResponse();
      chat(request(USER), res, noop);
      sink = res.locals.useresponseChat();
    }
  },
  '(c) middleware + helper, anonymous': () => {
    for (let i = 0; i < BATCH; i++) {
      const res = new FakeResponse();
      chat(request(undefined), res, noop);
      sink = res.locals.useresponseChat();
    }
  },
  '(d) floor: SHA-256 + JSON.stringify': () => {
    for (let i = 0; i < BATCH; i++) sink = floor(USER);
  },
  '(e) naive: createHash + template, unescaped': () => {
    for (let i = 0; i < BATCH; i++) sink = naive(USER);
  },
  'request doubles only (subtracted from a, b, c)': () => {
    for (let i = 0; i < BATCH; i++) {
      sink = request(USER);
      sink = new FakeResponse();
    }
  },
};

const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

async function runMicro() {
  const perRound = Object.fromEntries(Object.keys(CASES).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 300, warmupTime: 100 });
    for (const [name, fn] of Object.entries(CASES)) bench.add(name, fn);
    await bench.run();
    // The mean, not the median sample: garbage collection is part of what a request costs.
    for (const task of bench.tasks) perRound[task.name].push((task.result.latency.mean * 1e6) / BATCH);
  }
  const ns = Object.fromEntries(Object.entries(perRound).map(([name, values]) => [name, median(values)]));
  void sink;
  return ns;
}

module.exports = { runMicro, ROUNDS, BATCH };
