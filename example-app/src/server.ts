// Starts the example app: `npm start` from the repository root.
import { createApp } from './app.js';
import { readSettings } from './settings.js';

const settings = readSettings();
if (settings.demo && process.env.USERESPONSE_WIDGET_SRC) {
  console.error(
    'Set both USERESPONSE_SECURITY_KEY and USERESPONSE_WIDGET_SRC to use your real widget, or neither for the offline demo.',
  );
  process.exit(1);
}
if (!settings.demo && !settings.widgetSrc) {
  console.error(
    'USERESPONSE_SECURITY_KEY is set but USERESPONSE_WIDGET_SRC is not: set it to the SDK URL from your UseResponse widget code.',
  );
  process.exit(1);
}

const server = createApp(settings).listen(settings.port, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  console.log(`express-useresponse example app listening on http://localhost:${port}`);
  if (settings.demo) {
    console.log(
      'DEMO MODE: using the built-in demo security key (not a secret) and a stand-in UseResponse SDK served by this app.',
    );
    console.log('Set USERESPONSE_SECURITY_KEY and USERESPONSE_WIDGET_SRC to use your real UseResponse widget.');
  } else {
    console.log(`Using your UseResponse widget at ${settings.widgetSrc}.`);
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
