// Returns what a function throws, and fails the test when it throws nothing.
export function thrown(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to throw, but it returned normally');
}
