/* global afterEach, afterAll, expect */
// Stryker's dry run knows which tests reach each mutant, but for each mutant it still makes jest
// load every test file to pick the tests by name, and loading them is most of the time. During the
// dry run this records, per test file, the mutants its tests reached (and those reached while
// modules load), so that `only-covering-files.js` can give jest just those files.
const fs = require('node:fs');
const path = require('node:path');
const coverageDir = require('./coverage-dir');

const context = globalThis.__stryker__;
// The dry run is the one run without an active mutant; coverage is counted in every run.
const isDryRun = () => context?.mutantCoverage !== undefined && process.env.__STRYKER_ACTIVE_MUTANT__ === undefined;

if (context !== undefined) {
  const reached = new Set();
  afterEach(() => {
    if (!isDryRun()) return;
    const perTest = context.mutantCoverage.perTest[context.currentTestId];
    for (const id of Object.keys(perTest ?? {})) reached.add(id);
  });
  afterAll(() => {
    if (!isDryRun()) return;
    const testPath = expect.getState().testPath;
    const file = path.join(coverageDir, `${Buffer.from(testPath).toString('base64url')}.json`);
    fs.mkdirSync(coverageDir, { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        testPath,
        mutants: [...reached],
        loading: Object.keys(context.mutantCoverage.static ?? {}),
      }),
    );
  });
}
