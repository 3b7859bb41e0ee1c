// One browser visiting an app page after page: the cookies it keeps (supertest's agent) and the
// localStorage the chat's pages leave, so that what each page tells the chat can be followed.
import request from 'supertest';
import type { Express } from 'express';
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
