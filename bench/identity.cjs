// The site and the signed-in user that every benchmark measures, so that their figures compare.
'use strict';

const KEY = 'bench-security-key-3f9a1c';
const WIDGET_SRC = 'https://help.example.com/public/sdk/chat-uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709-38.js';
const USER = { email: 'brian@example.com', name: 'Brian C.', properties: { property_172: '188' } };

module.exports = { KEY, WIDGET_SRC, USER };
