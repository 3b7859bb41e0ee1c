// The demo's single-page app: the chat follows logins and logouts made with fetch, with no reload.
import { clearChat, refreshChat, startChat } from '/vendor/express-useresponse/index.js';

const who = document.getElementById('who');
const loginForm = document.getElementById('spa-login');
const logoutButton = document.getElementById('spa-logout');
const error = document.getElementById('spa-error');

/** Shows who the chat was configured for. */
function show({ identity }) {
  who.textContent = identity ? `Signed in as ${identity.userName || identity.userEmail}` : 'Not signed in';
  loginForm.hidden = identity !== null;
  logoutButton.hidden = identity === null;
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(loginForm);
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
  });
  error.hidden = response.ok;
  if (!response.ok) {
    error.textContent = (await response.json()).error;
    return;
  }
  show(await refreshChat());
});

logoutButton.addEventListener('click', async () => {
  await fetch('/api/session', { method: 'DELETE' });
  await clearChat();
  show({ identity: null });
});

show(await startChat({ configUrl: '/useresponse/config' }));
