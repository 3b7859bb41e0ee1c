// Starts the built example app in a child process on a free port, as `npm start` would run it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface RunningExample {
  url: string;
  /** The stand-in help center (demo mode). */
  helpCenterUrl: string | undefined;
  output: () => string;
  stop: () => Promise<void>;
}

const SERVER = path.join(__dirname, '..', '..', 'example-app', 'dist', 'server.js');

export function startExample(env: Record<string, string> = {}): Promise<RunningExample> {
  const clean = { ...process.env };
  delete clean.USERESPONSE_SECURITY_KEY;
  delete clean.USERESPONSE_WIDGET_SRC;
  const child: ChildProcess = spawn(process.execPath, [SERVER], {
    env: { ...clean, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example app did not start:\n${output}`)), 15000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          helpCenterUrl: /help center \(.*\) on (http:\/\/localhost:\d+)/.exec(output)?.[1],
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`example app exited with ${code}:\n${output}`));
    });
  });
}
