// One browser visiting an app page after page: the cookies it keeps (supertest's agent) and the
// localStorage the chat's pages leave, so that what each page tells the chat can be followed.
import request from 'supertest';
import type { Express, Request } from 'express';
import { runPage } from './run-page';

export interface VisitingBrowser {
  agent: ReturnType<typeof request.agent>;
  /** Opens `path` with GET and `headers`, runs the page with this browser's storage, and gives its UR calls' methods. */
  open(path: string, headers?: Record<string, string>): Promise<string[]>;
}

export function visitingBrowser(app: Express): VisitingBrowser {
  const agent = request.agent(app);
  let storage: Record<string, string> = {};
  return {
    agent,
    async open(path, headers = {}) {
      const res = await agent.get(path).set(headers).expect(200);
      const page = await runPage(res.text, { storage });
      storage = page.storage();
      return page.calls().map((call) => call.method);
    },
  };
}

/** Headers that make a request come from Brian, in an app whose user is {@link brianWhenAsked}. */
export const AS_BRIAN = { 'X-User': 'brian' };

/** Headers of a page asked for ahead of a click that may never come (Turbo 8 sends X-Sec-Purpose). */
export const PREFETCH = { 'Sec-Purpose': 'prefetch' };

/** An app's user: `brian` when the request carries {@link AS_BRIAN}, nobody otherwise. */
export function brianWhenAsked(brian: object): (req: Request) => object | undefined {
  return (req) => (req.get('x-user') === 'brian' ? brian : undefined);
}
