// Fails a CI run (CI=true) that skipped or left as todo any test: a skipped check is a missing check.
class NoSkipsReporter {
  constructor() {
    this.skipped = [];
  }

  onTestResult(_test, result) {
    for (const assertion of result.testResults) {
      if (assertion.status === 'pending' || assertion.status === 'todo' || assertion.status === 'skipped') {
        this.skipped.push(assertion.fullName);
      }
    }
  }

  onRunComplete() {
    if (this.skipped.length > 0) {
      process.stderr.write(`\n${this.skipped.length} skipped test(s):\n  ${this.skipped.join('\n  ')}\n`);
    }
  }

  getLastError() {
    if (process.env.CI === 'true' && this.skipped.length > 0) {
      return new Error(`${this.skipped.length} test(s) were skipped; CI=true treats a skip as a failure.`);
    }
    return undefined;
  }
}

module.exports = NoSkipsReporter;
