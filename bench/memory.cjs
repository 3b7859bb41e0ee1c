// Memory: heap growth after a million helper calls for ten thousand distinct users. Needs --expose-gc.
'use strict';
const { FakeResponse, request, createChat } = require('./fixtures.cjs');

const CALLS = 1_000_000;
const USERS = 10_000;

function heapAfterGc() {
  for (let i = 0; i < 3; i++) global.gc();
  return process.memoryUsage().heapUsed;
}

function runMemory() {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc');
  const chat = createChat();
  const users = Array.from({ length: USERS }, (_, i) => ({
    email: `user${i}@example.com`,
    name: `User ${i}`,
    properties: { property_172: String(i) },
  }));
  const noop = () => {};
  let bytes = 0;
  // Warm up the code paths first, so JIT code does not count as growth.
  for (let i = 0; i < 20_000; i++) {
    const res = new FakeResponse();
    chat(request(users[i % USERS]), res, noop);
    bytes += res.locals.useresponseChat().length;
  }
  const before = heapAfterGc();
  for (let i = 0; i < CALLS; i++) {
    const res = new FakeResponse();
    chat(request(users[i % USERS]), res, noop);
    bytes += res.locals.useresponseChat().length;
  }
  const after = heapAfterGc();
  return { calls: CALLS, users: USERS, growthBytes: after - before, emittedBytes: bytes };
}

module.exports = { runMemory, CALLS, USERS };
