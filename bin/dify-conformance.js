#!/bin/sh
// 2>/dev/null; exec node -- "$0" "$@"
// Entry point of `npx dify-conformance` and `npm run conformance`. The suite is
// written in TypeScript and run through tsx, so there is no build step.
//
// The two lines above start this file with node behind a `--`: Node reads a
// `--env-file` anywhere on its command line, even after the script, and exits 9
// when that file is missing, before any of this code runs; behind `--` it leaves
// the option to this command (which gives exit status 2 and one line). sh runs
// the second line (the `//` command fails quietly, then node takes over); for
// node it is a comment.
import { register } from 'tsx/esm/api';

// Interrupts are caught from the first moment, before the TypeScript modules load:
// a run that is interrupted still cleans up, audits leaks and writes its reports
// (lib/runner/interrupt.ts).
const interrupt = new AbortController();
globalThis.difyConformanceInterrupt = interrupt;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => interrupt.abort(signal));

// The commands that run suites load vitest. Loaded here, before tsx's loader is registered, it is
// plain JavaScript that needs no transform: measured, this takes about 150 MB and a second or more
// off a run (docs/benchmarks.md). The TypeScript modules then get the same, already loaded module.
const [first] = process.argv.slice(2);
const command = first === undefined || first.startsWith('-') ? 'run' : first;
const asksOnly = ['--help', '-h', '--version'].some((flag) => process.argv.includes(flag));
if ((command === 'run' || command === 'fault-matrix') && !asksOnly) await import('vitest/node');

register();
await import('../lib/cli/main.ts');
