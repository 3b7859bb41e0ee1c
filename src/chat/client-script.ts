// chat.clientScript(): the bootstrap as a file with a content hash in its name, cached for a year.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UseResponseConfigError } from '../core/errors.js';
import { BOOTSTRAP_CONTENT_HASH, BOOTSTRAP_JS } from './bootstrap.generated.js';

/** Where the script is served under `clientScript`, e.g. `/useresponse/client.<hash>.js`. */
export function clientScriptSrc(base: string): string {
  return `${base}/client.${BOOTSTRAP_CONTENT_HASH}.js`;
}

/** Checks the `clientScript` option: a path on the site, used in a src attribute as is. */
export function parseClientScriptBase(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^(?:\/[A-Za-z0-9_.~-]+)+$/.test(value) || value.includes('/.')) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "The `clientScript` option must be a path on your site such as '/useresponse' (letters, digits, '_', '-', '.', '~'; no trailing '/'). The script is then served at <path>/client.<hash>.js by app.use(chat.clientScript()).",
    );
  }
  return value;
}

const BODY = Buffer.from(BOOTSTRAP_JS);

/** Answers GET and HEAD for the script's path; every other request goes on. */
export function createClientScriptHandler(base: string | undefined): RequestHandler {
  if (base === undefined) {
    throw new UseResponseConfigError(
      'ERR_USERESPONSE_OPTION_TYPE',
      "chat.clientScript() needs the `clientScript` option, the path to serve it under: useResponseChat({ clientScript: '/useresponse' }).",
    );
  }
  const path = clientScriptSrc(base);
  return function useResponseClientScript(req: Request, res: Response, next: NextFunction): void {
    if (req.path !== path || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next();
      return;
    }
    // The name changes with the content, so the file never needs revalidating.
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', BODY.length);
    res.end(req.method === 'HEAD' ? undefined : BODY);
  };
}
