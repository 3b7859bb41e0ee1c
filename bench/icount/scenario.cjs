// One icount scenario in one process: an Express app and a client on loopback, run under callgrind
// by bench/icount.cjs. `node scenario.cjs <name>`. Between slices of requests it calls
// process.resourceUsage(), a native function nothing else calls here, which callgrind is told to
// dump before (--dump-before=*node::ResourceUsage*): each dump then holds one slice's instructions.
'use strict';
const http = require('node:http');
const path = require('node:path');
const { createHash } = require('node:crypto');
const express = require('express');
// ICOUNT_DIST: another build of the package, to compare variants of it in one sitting.
const { useResponseChat } = require(process.env.ICOUNT_DIST ?? '../../dist/cjs/index.js');

const { KEY, WIDGET_SRC, USER } = require('../identity.cjs');
const WARM_UP = Number(process.env.ICOUNT_WARM_UP ?? 4000);
const SLICE = Number(process.env.ICOUNT_SLICE ?? 250);
const SLICES = Number(process.env.ICOUNT_SLICES ?? 48);

// What a logged-in visitor's browser sends once clearOnSessionEnd has marked it: a session cookie
// and the package's own.
const MARKED_BROWSER = { cookie: 'connect.sid=s%3AbWFya2VkLWJyb3dzZXI.c2lnbmF0dXJl; useresponse_identified=1' };

/**
 * What each scenario adds to the same app: [user, what is mounted (chat options; null for nothing;
 * 'no-op' for a middleware that only calls next()), route, request headers?].
 */
const SCENARIOS = {
  'page without chat': [USER, null, 'page'],
  'page with the hand-written snippet': [USER, null, 'snippet'],
  // The same, marked personal as the package marks its pages: what the comparison is fair against.
  'page with the hand-written snippet, marked personal': [USER, null, 'snippet-personal'],
  // The page without chat, with the two headers every identity-bearing page must carry (issue 2) and
  // no ETag, as the package marks it: that cost, apart from everything else the chat adds.
  'page without chat, marked personal': [USER, null, 'page-personal'],
  'page with the package, inline': [USER, {}, 'page'],
  'page with the package, external script': [USER, { clientScript: '/useresponse' }, 'page'],
  'anonymous page, widget code pasted': [null, null, 'pasted'],
  'anonymous page with the package': [null, {}, 'page'],
  'anonymous page with the package, external script': [null, { clientScript: '/useresponse' }, 'page'],
  // clearOnSessionEnd's cost, apart from that of the Cookie header: the same browser, option off and on.
  'page with the package, inline, cookies sent': [USER, {}, 'page', MARKED_BROWSER],
  'page with the package, inline, cookies sent, clearOnSessionEnd': [
    USER,
    { clearOnSessionEnd: true },
    'page',
    MARKED_BROWSER,
  ],
  'JSON route without chat': [USER, null, 'json'],
  'JSON route behind app.use(chat)': [USER, {}, 'json'],
  // The control for the row above: the same route behind a middleware that only calls next(), so
  // that what any app.use costs (Express's router layer) is told apart from what the chat does.
  'JSON route behind a no-op app.use': [USER, 'no-op', 'json'],
};

function createApp(name) {
  const [user, chatOptions, route] = SCENARIOS[name];
  const app = express();
  app.set('views', path.join(__dirname, 'views'));
  app.set('view engine', 'ejs');
  // As in production (NODE_ENV=production turns it on): each template compiled once.
  app.set('view cache', true);
  // passport's deserializeUser, reduced to what the chat reads.
  app.use((req, _res, next) => {
    if (user) req.user = user;
    next();
  });
  // identify passes the user on as it is, properties included: the page then carries what the
  // snippet's page carries.
  const identify = (req) => req.user ?? null;
  if (chatOptions === 'no-op') app.use((_req, _res, next) => next());
  else if (chatOptions) app.use(useResponseChat({ securityKey: KEY, widgetSrc: WIDGET_SRC, identify, ...chatOptions }));
  const who = user ? `Signed in as ${user.name}` : 'Not signed in';
  const locals = {
    title: 'Your orders',
    who,
    widgetCode: route === 'pasted' || route.startsWith('snippet'),
    snippet: '',
  };
  app.get('/', (req, res) => {
    if (route === 'json') {
      res.json({ orders: [1001, 1002, 1003, 1004, 1005], who });
    } else if (route.startsWith('snippet')) {
      if (route === 'snippet-personal') {
        res.set('Cache-Control', 'private, no-store');
        res.vary('Cookie');
        // Node sends no line for an empty array, and Express then computes no ETag.
        res.set('ETag', []);
      }
      // What UseResponse's article leads people to write: the token and the config in the route.
      const u = req.user;
      const token = createHash('sha256')
        .update(KEY + u.email)
        .digest('hex');
      res.render('page', {
        ...locals,
        snippet: JSON.stringify({ token, userEmail: u.email, userName: u.name, properties: u.properties }),
      });
    } else {
      if (route === 'page-personal') {
        res.setHeader('cache-control', 'private, no-store');
        res.setHeader('etag', []);
        res.setHeader('vary', 'Cookie');
      }
      res.render('page', locals);
    }
  });
  return app;
}

async function main() {
  const name = process.argv[2];
  if (!SCENARIOS[name])
    throw new Error(`unknown scenario ${JSON.stringify(name)}; one of:\n${Object.keys(SCENARIOS).join('\n')}`);
  const server = createApp(name).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const options = { host: '127.0.0.1', port: server.address().port, path: '/', agent };
  // Only where a scenario sends some: even an empty headers object costs the client about 5k.
  if (SCENARIOS[name][3] !== undefined) options.headers = SCENARIOS[name][3];
  let bytes = 0;
  const get = () =>
    new Promise((resolve, reject) => {
      http
        .get(options, (res) => {
          let length = 0;
          res.on('data', (chunk) => (length += chunk.length));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${name}: status ${res.statusCode}`));
            bytes = length;
            resolve();
          });
        })
        .on('error', reject);
    });
  const run = async (count) => {
    for (let i = 0; i < count; i++) await get();
  };
  await run(WARM_UP);
  for (let i = 0; i < SLICES; i++) {
    process.resourceUsage();
    await run(SLICE);
  }
  process.resourceUsage();
  process.stdout.write(JSON.stringify({ name, bytes, slice: SLICE, slices: SLICES }) + '\n');
  agent.destroy();
  server.close();
}

module.exports = { SCENARIOS };
if (require.main === module)
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
