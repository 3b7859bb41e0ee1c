// The wall-clock benchmarks (`npm run bench`, which CI does not run) drive the built package through a
// stand-in response. It must keep up with what the package calls on it, or the benchmarks break unseen.
import { createRequire } from 'node:module';
import { decodeChatPage } from '../../src/testing/index';

interface FakeResponse {
  locals: Record<string, unknown> & { useresponseChat: () => string };
  getHeader(name: string): unknown;
}
interface Fixtures {
  USER: { email: string };
  FakeResponse: new () => FakeResponse;
  request(user: unknown): unknown;
  createChat(): (req: unknown, res: FakeResponse, next: () => void) => void;
}

const fixtures = createRequire(__filename)('../../bench/fixtures.cjs') as Fixtures;

it("the benchmarks' stand-in response takes an identified and an anonymous page through the package", () => {
  for (const user of [fixtures.USER, undefined]) {
    const res = new fixtures.FakeResponse();
    let nexts = 0;
    fixtures.createChat()(fixtures.request(user), res, () => nexts++);
    expect(nexts).toBe(1);
    const page = decodeChatPage(res.locals.useresponseChat());
    expect(page?.userConfig?.userEmail).toBe(user?.email);
    expect(res.getHeader('cache-control')).toBe(user ? 'private, no-store' : undefined);
  }
});
