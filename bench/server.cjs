// One benchmark server: `node server.cjs <page|json> <with|without>`; prints its port.
'use strict';
const path = require('node:path');
const express = require('express');
const { createChat, USER } = require('./fixtures.cjs');

const [kind, variant] = process.argv.slice(2);
const orders = Array.from({ length: 20 }, (_, i) => ({
  id: 1000 + i,
  date: '2026-11-0' + ((i % 9) + 1),
  item: `Item ${i}`,
  total: `$${(i * 7.3).toFixed(2)}`,
}));

let served = 0;
// The parent asks over IPC for CPU time and requests served, to compute CPU time per request.
process.on('message', () => process.send({ cpu: process.cpuUsage(), served }));

const app = express();
app.use((req, res, next) => {
  served += 1;
  next();
});
app.set('views', path.join(__dirname, 'views'));
app.set('view engine', 'ejs');
app.set('etag', false);
// As in production (NODE_ENV=production turns it on): templates compiled once, not per request.
app.set('view cache', true);
app.use((req, res, next) => {
  req.user = USER;
  res.locals.cspNonce = 'bm9uY2UtZm9yLWJlbmNo';
  next();
});
if (variant === 'with') app.use(createChat());
if (kind === 'page') app.get('/', (req, res) => res.render('page', { title: 'Your orders', user: req.user, orders }));
else app.get('/', (req, res) => res.json({ orders }));

const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
