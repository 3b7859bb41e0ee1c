// Reads the environment: the real UseResponse widget when configured, else the offline demo.
import { randomBytes } from 'node:crypto';

/** Not a secret: it only exists so the demo runs without a UseResponse account. */
export const DEMO_SECURITY_KEY = 'demo-security-key-NOT-SECRET';
/** UseResponse-shaped, served by this app: /public/sdk/chat-<instance id>-<widget number>.js */
export const DEMO_INSTANCE_ID = 'uriid_da39a3ee5e6b4b0d3255bfef95601890afd80709';
export const DEMO_SDK_PATH = `/public/sdk/chat-${DEMO_INSTANCE_ID}-1.js`;

export interface Settings {
  port: number;
  demo: boolean;
  securityKey: string;
  /** Set in real mode: the package loads the widget from here. */
  widgetSrc: string | undefined;
  sessionSecret: string;
  /** Demo mode: the stand-in help center's port (0 for any free one). */
  helpCenterPort: number;
  /** Real mode: your UseResponse help center and Integration Domain, when both are set. */
  helpCenterUrl: string | undefined;
  integrationDomain: string | undefined;
}

/** The stand-in help center's Integration Domain: the demo site's host. */
export const DEMO_INTEGRATION_DOMAIN = 'localhost';

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const key = env.USERESPONSE_SECURITY_KEY;
  const demo = key === undefined || key.trim() === '';
  const port = env.PORT === undefined ? 3000 : Number(env.PORT);
  return {
    port,
    demo,
    securityKey: demo ? DEMO_SECURITY_KEY : key,
    widgetSrc: demo ? undefined : env.USERESPONSE_WIDGET_SRC,
    sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    helpCenterPort: env.HELP_CENTER_PORT === undefined ? (port === 0 ? 0 : port + 1) : Number(env.HELP_CENTER_PORT),
    helpCenterUrl: demo ? undefined : env.USERESPONSE_HELP_CENTER_URL,
    integrationDomain: demo ? DEMO_INTEGRATION_DOMAIN : env.USERESPONSE_INTEGRATION_DOMAIN,
  };
}
