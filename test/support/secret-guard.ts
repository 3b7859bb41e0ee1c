// Suite-wide: any test whose responses, logger output or console output contain a security key fails.
import { afterEach } from '@jest/globals';
import { captureResponses, recordOutput, takeLeaks } from './secrets';

captureResponses();

for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const original = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    recordOutput(args.map(String).join(' '));
    original(...args);
  };
}

afterEach(() => {
  const leaks = takeLeaks();
  if (leaks.length > 0) {
    throw new Error(`A security key appeared in a response or log line during this test (${leaks.length} key(s)).`);
  }
});
