// The command line for support work: a user's token, a configuration check, help-center links. bin.ts runs it.
import { readFileSync } from 'node:fs';
import { chatMarkup, pageJson } from '../chat/helper.js';
import { identityJson } from '../chat/identity-json.js';
import { buildChatConfig } from '../chat/chat-config.js';
import { emailProblem } from '../core/identity.js';
import { quoteForLog } from '../core/logger.js';
import { decodeLink } from '../help-center/sso-link.js';
import { parseHelpCenterUrl, parseIntegrationDomain } from '../help-center/help-center-url.js';
import { helpCenterSsoUrl } from '../help-center/sso-url.js';
import { resolveOptions } from '../chat/options.js';
import { resolveSecurityKey } from '../core/security-key.js';
import { computeToken } from '../chat/token.js';
import { UseResponseConfigError } from '../core/errors.js';

/** Distinct exit codes, so scripts can tell what went wrong. */
export const EXIT = { ok: 0, usage: 2, config: 3, keyFile: 4, email: 5, invalidLink: 6 } as const;

const USAGE = `Usage:
  express-useresponse token <email> [--key-file <file>]
      Prints the UseResponse token for <email>. The security key comes from --key-file or from
      USERESPONSE_SECURITY_KEY, never from the command line, where ps and shell history would show it.
  express-useresponse check [--email <email>] [--name <name>] [--key-file <file>]
      Validates USERESPONSE_SECURITY_KEY and USERESPONSE_WIDGET_SRC and prints what the view helper
      would emit for a sample user.
  express-useresponse help-center-link --email <email> --name <name> --id <id> [--redirect <url>]
      [--help-center-url <url>] [--integration-domain <domain>] [--key-file <file>]
      Prints the help-center Single Sign-On link for that user. The help center and the Integration
      Domain come from the flags or USERESPONSE_HELP_CENTER_URL and USERESPONSE_INTEGRATION_DOMAIN.
      The link signs the user in for as long as the key is unchanged: treat it as a password.
  express-useresponse help-center-verify <url> [--key-file <file>]
      Decodes a help-center link with the key: whom it signs in, with what properties, and whether
      its hash is valid (exit ${EXIT.invalidLink} when it is not).

Exit codes: 0 ok, ${EXIT.usage} usage, ${EXIT.config} configuration, ${EXIT.keyFile} unreadable key file, ${EXIT.email} unusable email, ${EXIT.invalidLink} invalid link.`;

class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const FLAGS = ['key-file', 'email', 'name', 'id', 'redirect', 'help-center-url', 'integration-domain'];

function parse(args: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === 'key' || name === 'security-key' || name === 'securityKey') {
      throw new CliError(
        EXIT.usage,
        `--${name} is not accepted: a key on the command line is visible to ps and kept in shell history. Use --key-file <file> or USERESPONSE_SECURITY_KEY.`,
      );
    }
    if (name === 'help') {
      flags.set('help', '');
      continue;
    }
    if (!FLAGS.includes(name)) throw new CliError(EXIT.usage, `Unknown option --${name}.\n\n${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliError(EXIT.usage, `--${name} needs a value.`);
    flags.set(name, value);
  }
  return { positional, flags };
}

/** The key from --key-file, else USERESPONSE_SECURITY_KEY, checked as the app checks it; messages name the file. */
function securityKey(flags: Map<string, string>): string {
  const file = flags.get('key-file');
  if (file === undefined) return resolveSecurityKey(undefined);
  let key: string;
  try {
    // Key files usually end with a newline that is not part of the key.
    key = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new CliError(
      EXIT.keyFile,
      `Cannot read the key file ${JSON.stringify(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  if (key.trim() === '') {
    throw new CliError(
      EXIT.config,
      `The key file ${JSON.stringify(file)} is empty: put the Security Key from UseResponse in it, or leave out --key-file to use USERESPONSE_SECURITY_KEY.`,
    );
  }
  return resolveSecurityKey(key, 'The key file');
}

function checkedEmail(email: string): string {
  const problem = emailProblem(email);
  if (problem !== undefined)
    // Stryker disable next-line Regex: every problem starts with "has ", so the anchor changes nothing
    throw new CliError(EXIT.email, `The email ${problem.replace(/^has /, 'is unusable: it has ')}.`);
  return email.trim();
}

function token(positional: string[], flags: Map<string, string>, io: Io): void {
  if (positional.length !== 1) throw new CliError(EXIT.usage, `token takes exactly one email.\n\n${USAGE}`);
  const email = checkedEmail(positional[0]!);
  io.out(computeToken(securityKey(flags), email));
}

function check(positional: string[], flags: Map<string, string>, io: Io): void {
  if (positional.length !== 0) throw new CliError(EXIT.usage, `check takes no arguments.\n\n${USAGE}`);
  const config = resolveOptions({ securityKey: securityKey(flags) });
  const email = checkedEmail(flags.get('email') ?? 'jane.doe@example.com');
  // A checked email and a string name: nothing here is refused or warned about.
  const identity = buildChatConfig(
    { email, name: flags.get('name') ?? 'Jane Doe' },
    config.tokenFor,
    config.customFields,
    config.logger,
  )!;
  io.out(`securityKey: set (${config.securityKey.length} characters; never printed)`);
  io.out(
    config.widget === undefined
      ? "widgetSrc: not set; the helper emits only the identity part, for pages that carry UseResponse's own widget code"
      : `widgetSrc: ${config.widget.src}${config.widget.instanceId === undefined ? " (not UseResponse's usual /public/sdk/chat-uriid_<40 hex>-<n>.js shape)" : ` (instance ${config.widget.instanceId})`}`,
  );
  io.out(`\nThe helper's output for ${email}, without a nonce:\n`);
  io.out(chatMarkup(pageJson(config.widget, identityJson(identity), undefined, false), true, ''));
}

/** How a message names a setting: the flag when it was given, else the variable. */
const settingRead = (flags: Map<string, string>, flag: string, variable: string): string =>
  `\`${flags.has(flag) ? `--${flag}` : variable}\``;

function helpCenterLink(positional: string[], flags: Map<string, string>, io: Io): void {
  if (positional.length !== 0) throw new CliError(EXIT.usage, `help-center-link takes no arguments.\n\n${USAGE}`);
  const [email, name, id] = ['email', 'name', 'id'].map((flag) => flags.get(flag));
  if (email === undefined || id === undefined) {
    throw new CliError(EXIT.usage, `help-center-link needs --email and --id (and usually --name).\n\n${USAGE}`);
  }
  const helpCenterUrl = flags.get('help-center-url') ?? process.env.USERESPONSE_HELP_CENTER_URL;
  const integrationDomain = flags.get('integration-domain') ?? process.env.USERESPONSE_INTEGRATION_DOMAIN;
  if (helpCenterUrl === undefined || integrationDomain === undefined) {
    throw new CliError(
      EXIT.config,
      'help-center-link needs the help center and the Integration Domain: --help-center-url and --integration-domain, or USERESPONSE_HELP_CENTER_URL and USERESPONSE_INTEGRATION_DOMAIN.',
    );
  }
  // Checked here first so that a message names the flag or variable that was read, not
  // helpCenterSsoUrl()'s option.
  parseHelpCenterUrl(helpCenterUrl, settingRead(flags, 'help-center-url', 'USERESPONSE_HELP_CENTER_URL'));
  parseIntegrationDomain(integrationDomain, settingRead(flags, 'integration-domain', 'USERESPONSE_INTEGRATION_DOMAIN'));
  io.out(
    helpCenterSsoUrl({
      securityKey: securityKey(flags),
      helpCenterUrl,
      integrationDomain,
      user: { email: checkedEmail(email), name, id },
      redirect: flags.get('redirect'),
    }),
  );
}

const shown = (value: string | undefined) =>
  value === undefined ? '(not decodable with this key)' : quoteForLog(value);

function helpCenterVerify(positional: string[], flags: Map<string, string>, io: Io): void {
  if (positional.length !== 1) throw new CliError(EXIT.usage, `help-center-verify takes exactly one URL.\n\n${USAGE}`);
  const link = decodeLink(positional[0]!, securityKey(flags));
  if (link === undefined) {
    throw new CliError(EXIT.invalidLink, 'That is not a help-center SSO link (…/sso/…/<hash>/direct-sso).');
  }
  io.out(`help center:        ${link.base}`);
  io.out(`integration domain: ${shown(link.source)}`);
  io.out(`name:               ${shown(link.name)}`);
  io.out(`email:              ${shown(link.email)}`);
  io.out(`id:                 ${shown(link.id)}`);
  io.out(
    `redirect:           ${link.redirect === undefined ? '(none: the help center home page)' : quoteForLog(link.redirect)}`,
  );
  for (const [field, value] of Object.entries(link.properties)) io.out(`${quoteForLog(field)}: ${shown(value)}`);
  io.out(
    link.valid
      ? 'hash: valid (made with this key, unchanged)'
      : 'hash: INVALID: the link was changed, or made with another key or another Integration Domain',
  );
  if (!link.valid) throw new CliError(EXIT.invalidLink, 'the link does not verify with this key.');
}

/** Runs the CLI with the environment's settings; returns the exit code. */
export function main(args: string[], io: Io): number {
  try {
    const { positional, flags } = parse(args);
    const [command, ...rest] = positional;
    if (flags.has('help') || command === 'help' || command === undefined) {
      (command === undefined && !flags.has('help') ? io.err : io.out)(USAGE);
      return command === undefined && !flags.has('help') ? EXIT.usage : EXIT.ok;
    }
    if (command === 'token') token(rest, flags, io);
    else if (command === 'check') check(rest, flags, io);
    else if (command === 'help-center-link') helpCenterLink(rest, flags, io);
    else if (command === 'help-center-verify') helpCenterVerify(rest, flags, io);
    else throw new CliError(EXIT.usage, `Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`express-useresponse: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UseResponseConfigError) {
      io.err(error.message);
      return EXIT.config;
    }
    throw error;
  }
}
