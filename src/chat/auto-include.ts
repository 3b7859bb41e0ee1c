// autoInclude: puts the helper's output into HTML pages sent with res.send or res.render.
import type { Request, Response } from 'express';
import { renderChat } from './helper.js';
import type { ChatRequestState } from './request-state.js';

const BODY_END = /<\/body\s*>/gi;

/**
 * Whether `autoInclude` may act on this path at all; checked once per request. String rules come
 * lowercased from the options, and are compared with the path in lower case: Express routes
 * `/ADMIN/users` to `app.use('/admin', …)` unless the app turns on case-sensitive routing.
 */
export function isPathIncluded(req: Request, excludePaths: ReadonlyArray<string | RegExp>): boolean {
  const path = req.path;
  let lowerPath: string | undefined;
  for (const rule of excludePaths) {
    if (typeof rule === 'string') {
      lowerPath ??= path.toLowerCase();
      if (lowerPath === rule || lowerPath.startsWith(rule.endsWith('/') ? rule : `${rule}/`)) return false;
    } else if (
      // search, not test: it starts at 0 and puts lastIndex back, so a g or y flag keeps no state between requests.
      path.search(rule) !== -1
    ) {
      return false;
    }
  }
  return true;
}

function wantsChat(state: ChatRequestState, res: Response): boolean {
  if (state.rendered || state.req.method !== 'GET') return false;
  // Stryker disable next-line EqualityOperator: 299 is no status a server sends
  if (res.statusCode > 299) return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BooleanLiteral: Node sends no 1xx status as a page's final response
  if (res.statusCode < 200) return false;
  if ((res.locals as { useresponseSkip?: unknown }).useresponseSkip === true) return false;
  const type = res.getHeader('Content-Type');
  // res.send gives a string body without a type text/html.
  // Stryker disable next-line Regex: no media type has text/html after other characters, which is all that dropping the anchor or \s* lets through
  return type === undefined || /^\s*text\/html\b/i.test(String(type));
}

function lastBodyEnd(html: string): number {
  let index = -1;
  BODY_END.lastIndex = 0;
  for (let match = BODY_END.exec(html); match !== null; match = BODY_END.exec(html)) index = match.index;
  return index;
}

/** Wraps this response's res.send so that an HTML page gets the chat before its last </body>. */
export function autoIncludeInto(state: ChatRequestState, res: Response): void {
  const send = res.send;
  res.send = function sendWithChat(this: Response, ...args: unknown[]): Response {
    const [body] = args;
    // res.send(body) only: Express 4's res.send(status, body) and res.send(body, status) go on as they are.
    if (args.length === 1 && typeof body === 'string' && wantsChat(state, this)) {
      const at = lastBodyEnd(body);
      if (at !== -1) args[0] = body.slice(0, at) + renderChat(state) + body.slice(at);
    }
    return (send as (...sendArgs: unknown[]) => Response).apply(this, args);
  } as Response['send'];
}
