// Starts the example app: `npm start` from the repository root.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.js';
import { createHelpCenter } from './help-center/app.js';
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

const listening = (server: Server) =>
  new Promise<string>((resolve) =>
    server.once('listening', () => resolve(`http://localhost:${(server.address() as AddressInfo).port}`)),
  );

let siteUrl = '';
const servers: Server[] = [];

async function start(): Promise<void> {
  let helpCenterUrl = settings.helpCenterUrl;
  if (settings.demo) {
    // The stand-in help center first: the site needs its address for the helpCenter option.
    const helpCenter = createHelpCenter({
      securityKey: settings.securityKey,
      integrationDomain: settings.integrationDomain!,
      siteUrl: () => siteUrl,
    }).listen(settings.helpCenterPort);
    servers.push(helpCenter);
    helpCenterUrl = await listening(helpCenter);
  }
  const server = createApp(settings, helpCenterUrl).listen(settings.port);
  servers.push(server);
  siteUrl = await listening(server);
  // Tests wait for the "listening on" line: the help center's comes first.
  if (settings.demo) console.log(`stand-in help center (UseResponse's Single Sign-On) on ${helpCenterUrl}`);
  console.log(`express-useresponse example app listening on ${siteUrl}`);
  if (settings.demo) {
    console.log(
      'DEMO MODE: using the built-in demo security key (not a secret) and a stand-in UseResponse SDK served by this app.',
    );
    console.log('Set USERESPONSE_SECURITY_KEY and USERESPONSE_WIDGET_SRC to use your real UseResponse widget.');
  } else {
    console.log(`Using your UseResponse widget at ${settings.widgetSrc}.`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const each of servers) each.closeAllConnections();
    void Promise.all(servers.map((each) => new Promise((done) => each.close(done)))).then(() => process.exit(0));
  });
}

void start();
