#!/usr/bin/env node
// Entry point of `npx dify-conformance` and `npm run conformance`. The suite is
// written in TypeScript and run through tsx, so there is no build step.
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
const asksOnly = process.argv.includes('--help') || process.argv.includes('--version');
if ((command === 'run' || command === 'fault-matrix') && !asksOnly) await import('vitest/node');

register();
await import('../lib/cli/main.ts');
