// jest's `filter`: while Stryker tests a mutant, run only the test files whose tests reached it in
// the dry run (see record-coverage.js). A mutant reached while modules load may change any file's
// tests, so it, like anything unrecorded, runs them all. Outside Stryker it keeps every file.
const fs = require('node:fs');
const path = require('node:path');
const coverageDir = require('./coverage-dir');

let index;

function readIndex() {
  const filesByMutant = new Map();
  const loading = new Set();
  for (const name of fs.readdirSync(coverageDir)) {
    const record = JSON.parse(fs.readFileSync(path.join(coverageDir, name), 'utf8'));
    for (const id of record.loading) loading.add(id);
    for (const id of record.mutants) {
      if (!filesByMutant.has(id)) filesByMutant.set(id, new Set());
      filesByMutant.get(id).add(record.testPath);
    }
  }
  return { filesByMutant, loading };
}

module.exports = async function onlyCoveringFiles(testPaths) {
  const all = { filtered: testPaths.map((test) => ({ test })) };
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
  if (mutant === undefined || !fs.existsSync(coverageDir)) return all;
  index ??= readIndex();
  const files = index.filesByMutant.get(mutant);
  if (files === undefined || index.loading.has(mutant)) return all;
  return { filtered: testPaths.filter((test) => files.has(test)).map((test) => ({ test })) };
};
