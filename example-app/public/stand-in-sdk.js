// Stand-in for UseResponse's chat SDK, for the offline demo and the browser tests. It defines
// window.UR, records every call in window.UR.calls as { method, args }, and draws a small panel
// saying who the chat thinks you are and whether the demo server accepts the token.
(function () {
  'use strict';
  var calls = [];
  var state = { identity: null, verdict: 'none' };

  function line(parent, className, text) {
    var p = document.createElement('p');
    p.className = className;
    p.textContent = text;
    parent.appendChild(p);
  }

  function render() {
    var panel = document.getElementById('ur-stand-in');
    if (!panel) {
      panel = document.createElement('aside');
      panel.id = 'ur-stand-in';
      panel.setAttribute('aria-label', 'Chat (stand-in)');
      document.body.appendChild(panel);
    }
    panel.textContent = '';
    var title = document.createElement('strong');
    title.textContent = 'Chat · UseResponse stand-in';
    panel.appendChild(title);
    var who = state.identity;
    if (!who) {
      line(panel, 'ur-who', 'Chatting as an anonymous visitor.');
      return;
    }
    line(panel, 'ur-who', 'Chatting as ' + (who.userName || '(no name)') + ' <' + who.userEmail + '>');
    var properties = Object.keys(who.properties || {});
    if (properties.length) {
      line(
        panel,
        'ur-props',
        properties
          .map(function (k) {
            return k + ' = ' + who.properties[k];
          })
          .join(', '),
      );
    }
    var verdicts = {
      pending: 'Checking the token…',
      valid: 'Token valid ✓',
      invalid: 'Token INVALID ✗',
      error: 'Could not check the token.',
    };
    line(panel, 'ur-token ur-token-' + state.verdict, verdicts[state.verdict]);
  }

  function verify(identity) {
    fetch('/demo/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userEmail: identity.userEmail, token: identity.token }),
    })
      .then(function (res) {
        return res.json();
      })
      .then(
        function (body) {
          return body.valid ? 'valid' : 'invalid';
        },
        function () {
          return 'error';
        },
      )
      .then(function (verdict) {
        if (state.identity !== identity) return;
        state.verdict = verdict;
        render();
      });
  }

  window.UR = {
    calls: calls,
    userConfig: function (config) {
      calls.push({ method: 'userConfig', args: [config] });
      state.identity = config;
      state.verdict = 'pending';
      render();
      verify(config);
    },
    clearChatStorage: function () {
      calls.push({ method: 'clearChatStorage', args: [] });
      state.identity = null;
      state.verdict = 'none';
      render();
    },
  };

  if (document.body) render();
  else document.addEventListener('DOMContentLoaded', render);
})();
