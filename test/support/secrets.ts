// Security keys used by the tests, and the record of everything the package said, for the secret guard.
import { ServerResponse } from 'node:http';

/** Distinctive, so finding one in output can only mean a leak. */
export const TEST_KEY = 'test-key-5ec7e7-NEVER-IN-OUTPUT';
export const OTHER_KEY = 'other-key-9b1f04-NEVER-IN-OUTPUT';

const secrets = new Set<string>([TEST_KEY, OTHER_KEY]);
const outputs: string[] = [];

/** Adds a key the guard must never find in a response or a log line. */
export function registerSecret(key: string): void {
  if (key.trim() !== '') secrets.add(key);
}

/** Records something the package emitted (a log line, an error message). */
export function recordOutput(text: string): void {
  outputs.push(text);
}

/** The secrets found in what was recorded since the last call; clears the record. */
export function takeLeaks(): string[] {
  const found = new Set<string>();
  for (const text of outputs.splice(0)) {
    for (const key of secrets) if (text.includes(key)) found.add(key);
  }
  return [...found];
}

// http is shared by every test file a process runs (Stryker runs hundreds): each file's wrapper
// calls Node's own method, kept here once, rather than the previous file's wrapper.
const NODE_METHODS = Symbol.for('express-useresponse.test.node-response-methods');

/** Captures every HTTP response the test process serves: status line, headers and body. */
export function captureResponses(): void {
  const proto = ServerResponse.prototype as unknown as Record<string, (...args: unknown[]) => unknown> & {
    [NODE_METHODS]?: Record<'write' | 'end', (...args: unknown[]) => unknown>;
  };
  const nodeMethods = (proto[NODE_METHODS] ??= { write: proto.write!, end: proto.end! });
  for (const method of ['write', 'end'] as const) {
    const original = nodeMethods[method];
    proto[method] = function captured(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk === 'string') recordOutput(chunk);
      else if (Buffer.isBuffer(chunk)) recordOutput(chunk.toString('latin1'));
      const result = original.call(this, chunk, ...rest);
      // The raw header block as sent, whichever way the headers were set.
      const sent = (this as unknown as { _header?: unknown })._header;
      if (typeof sent === 'string') recordOutput(sent);
      return result;
    };
  }
}
