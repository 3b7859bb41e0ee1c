#!/usr/bin/env node
// Entry point of the `express-useresponse` command.
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
