// Shared pieces of the benchmarks: the package as published (dist), request doubles, and the naive version.
'use strict';
const { createHash, hash } = require('node:crypto');
const { useResponseChat } = require('../dist/cjs/index.js');

const { KEY, WIDGET_SRC, USER } = require('./identity.cjs');

/** Just enough of Express's res for the middleware: headers and vary. */
class FakeResponse {
  constructor() {
    this.locals = Object.create(null);
    this.headers = new Map();
    this.headersSent = false;
    this.statusCode = 200;
  }
  getHeader(name) {
    return this.headers.get(name.toLowerCase());
  }
  setHeader(name, value) {
    this.headers.set(name.toLowerCase(), value);
  }
  removeHeader(name) {
    this.headers.delete(name.toLowerCase());
  }
  getHeaderNames() {
    return [...this.headers.keys()];
  }
  append(name, value) {
    const prev = this.getHeader(name);
    this.setHeader(name, prev === undefined ? value : [].concat(prev, value));
  }
  vary(field) {
    const prev = this.getHeader('Vary');
    if (prev === undefined) this.setHeader('Vary', field);
    else if (!String(prev).includes(field)) this.setHeader('Vary', `${prev}, ${field}`);
  }
}

function request(user) {
  return { method: 'GET', url: '/', path: '/', headers: { cookie: 'connect.sid=s%3Aabc.def' }, secure: false, user };
}

function createChat(options = {}) {
  return useResponseChat({ securityKey: KEY, widgetSrc: WIDGET_SRC, logger: { warn() {} }, ...options });
}

const NAIVE_LOADER = `<script type="text/javascript" id="UR_initiator"> (function () { var iid = 'uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709'; if (!document._fo_v6) { document._fo_v6 = true; var d = document.getElementById('UR_initiator'); d.id = iid; var s = document.createElement('script'); s.type = 'text/javascript'; s.async = true; s.src = '//help.example.com/public/sdk/chat-' + iid + '-38.js'; (document.getElementsByTagName('head')[0] || document.getElementsByTagName('body')[0]).appendChild(s); } })(); </script>`;

/** What UseResponse's article leads people to write: a hash and a template string, no escaping. */
function naive(user) {
  const token = createHash('sha256')
    .update(KEY + user.email)
    .digest('hex');
  return `${NAIVE_LOADER}<script type="text/javascript">window.onload = function () { UR.userConfig({ token: '${token}', userEmail: '${user.email}', userName: '${user.name}', properties: { property_172: '${user.properties.property_172}' } }); };</script>`;
}

/** The floor: the SHA-256 any integration must compute, and serialising the config once. */
function floor(user) {
  const token = hash('sha256', KEY + user.email, 'hex');
  return JSON.stringify({ token, userEmail: user.email, userName: user.name, properties: user.properties });
}

module.exports = { KEY, WIDGET_SRC, USER, FakeResponse, request, createChat, naive, floor };
