// What app.use(chat) itself costs on a request that never reads the config, counted by callgrind,
// apart from Express's router (about 1.4k per layer, see BENCHMARKS.md) and everything else a real
// request does: `npm run bench:icount:locals`. It calls the middleware directly on requests and
// responses made from an Express app's own prototypes, with `res.locals` made as Express 5 makes it
// (a null-prototype object), and shows what the keys an app puts there cost, set before or after
// `app.use(chat)`. Each case runs in its own process: 20,000 warm-up requests, then 40 slices of
// 250, each figure the cheapest slice, per request. These figures repeat to a few instructions.
'use strict';
const { KEY, WIDGET_SRC, USER } = require('../identity.cjs');
const { eachInParallel, requireValgrind, runCallgrind, sliceDumps } = require('./callgrind.cjs');

const WARM_UP = 20000;
const SLICE = 250;
const SLICES = 40;

/** [app.use(chat) or not, keys the app sets on res.locals, set after app.use(chat) rather than before]. */
const CASES = {
  'without chat, res.locals empty': [false, 0, false],
  'app.use(chat), res.locals empty': [true, 0, false],
  'without chat, three keys on res.locals': [false, 3, false],
  'app.use(chat) after the three keys were set': [true, 3, false],
  'app.use(chat) before the three keys are set': [true, 3, true],
};
/** Which case each case is compared with. */
const BASELINE = (name) =>
  CASES[name][1] === 0 ? 'without chat, res.locals empty' : 'without chat, three keys on res.locals';

function runCase(name) {
  const express = require('express');
  const { useResponseChat } = require(process.env.ICOUNT_DIST ?? '../../dist/cjs/index.js');
  const [withChat, keys, after] = CASES[name];
  const app = express();
  const chat = useResponseChat({ securityKey: KEY, widgetSrc: WIDGET_SRC, identify: (req) => req.user ?? null });
  const next = () => {};
  // What an app's own middleware typically puts there: the user, a CSRF token, a CSP nonce.
  const fill = (res) => {
    if (keys > 0) res.locals.user = USER;
    if (keys > 1) res.locals.csrfToken = 'b1c9e7';
    if (keys > 2) res.locals.cspNonce = 'n0nce';
  };
  const kept = [];
  const request = (i) => {
    const req = Object.create(app.request);
    req.url = '/api/orders';
    req.method = 'GET';
    req.headers = {};
    req.user = USER;
    const res = Object.create(app.response);
    res.locals = Object.create(null);
    if (!after) fill(res);
    if (withChat) chat(req, res, next);
    if (after) fill(res);
    // The route's own write, then the response stays alive a while, as it would in a server.
    res.locals.orders = i;
    kept[i & 63] = res;
  };
  for (let i = 0; i < WARM_UP; i++) request(i);
  for (let slice = 0; slice < SLICES; slice++) {
    // callgrind dumps before each call (--dump-before=*node::ResourceUsage*): one slice per dump.
    process.resourceUsage();
    for (let i = 0; i < SLICE; i++) request(i);
  }
  process.resourceUsage();
}

/** Runs one case under callgrind (this file is its driver); resolves with its cheapest slice, per request. */
function measure(name) {
  return runCallgrind(name, { script: __filename }, (dir) =>
    Math.min(...sliceDumps(dir, { name, slices: SLICES }).map(({ total }) => total / SLICE)),
  );
}

async function main() {
  requireValgrind('bench:icount:locals');
  const names = Object.keys(CASES);
  const results = new Map();
  await eachInParallel(names, async (name) => results.set(name, await measure(name)));
  console.log(`Node ${process.version}: instructions per request, the middleware alone (cheapest slice of ${SLICE})\n`);
  console.log('| Case | per request | against its baseline |\n| --- | ---: | ---: |');
  for (const name of names) {
    const cost = results.get(name);
    const baseline = BASELINE(name);
    const added =
      name === baseline ? '' : `${cost >= results.get(baseline) ? '+' : ''}${Math.round(cost - results.get(baseline))}`;
    console.log(`| ${name} | ${Math.round(cost)} | ${added} |`);
  }
}

// Run by measure() as `node locals.cjs <case>`, under callgrind; run by hand, it measures every case.
if (Object.hasOwn(CASES, process.argv[2] ?? '')) runCase(process.argv[2]);
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
