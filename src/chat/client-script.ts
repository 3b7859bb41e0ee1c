// chat.clientScript(): the bootstrap, with the widget written in, as a file with a content hash in
// its name, cached for a year.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UseResponseConfigError } from '../core/errors.js';
import { CLIENT_SCRIPT_TEMPLATE, CLIENT_SCRIPT_WIDGET } from './bootstrap.generated.js';
import { pageJson } from './helper.js';
import type { WidgetSource } from './widget-src.js';

/** The file, made once at start-up, and the path it is served at. */
export interface ClientScript {
  /** `<base>/client.<16 hex of its SHA-256>.js`, what the helper puts in src. */
  readonly src: string;
  /** The element that loads it on a page without a nonce, made once. */
  readonly element: string;
  readonly body: Buffer;
}

/** Checks the `clientScript` option: a path on the site, used in a src attribute as is. */
export function parseClientScriptBase(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  // Stryker disable next-line ConditionalExpression: the path pattern refuses whatever is not a string as well (no number's text starts with '/')
  if (typeof value !== 'string' || !/^(?:\/[A-Za-z0-9_.~-]+)+$/.test(value) || value.includes('/.')) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `clientScript` option must be a path on your site such as '/useresponse' (letters, digits, '_', '-', '.', '~'; no trailing '/'). The script is then served at <path>/client.<hash>.js by app.use(chat.clientScript()).",
    );
  }
  return value;
}

/**
 * The client script for this widget: the widget's URL and instance id live in the file, not on every
 * page, and a different widget gives a different file name, so no browser keeps a stale one.
 */
export function makeClientScript(base: string, widget: WidgetSource | undefined): ClientScript {
  // The same JSON a page would carry for the widget alone. A function as replacement, so that "$$"
  // or "$&" in a URL is not read as a replacement pattern.
  const json = pageJson(widget, undefined, undefined, false);
  const body = Buffer.from(CLIENT_SCRIPT_TEMPLATE.replace(CLIENT_SCRIPT_WIDGET, () => json));
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const src = `${base}/client.${hash}.js`;
  return { src, element: `<script src="${src}" defer></script>`, body };
}

/** Answers GET and HEAD for the script's path, wherever it is mounted; every other request goes on. */
export function createClientScriptHandler(script: ClientScript | undefined): RequestHandler {
  if (script === undefined) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "chat.clientScript() needs the `clientScript` option, the path to serve it under: useResponseChat({ clientScript: '/useresponse' }).",
    );
  }
  const { src, body } = script;
  return function useResponseClientScript(req: Request, res: Response, next: NextFunction): void {
    // The whole path, wherever the handler is mounted: app.use('/useresponse', …), as one mounts
    // express.static, or a router under a prefix, still serve the file at the path the pages name.
    if (req.baseUrl + req.path !== src || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    // The name changes with the content, so the file never needs revalidating.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', body.length);
    // Stryker disable next-line ConditionalExpression: Node's http server sends no body for HEAD, whatever is passed
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
