// Where the dry run leaves, per test file, the mutants its tests reached: inside Stryker's sandbox,
// so each run starts clean and the directory goes with the sandbox.
const path = require('node:path');

module.exports = path.resolve(__dirname, '..', '..', '..', '.mutation-coverage');
