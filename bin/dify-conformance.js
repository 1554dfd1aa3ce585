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

register();
await import('../lib/cli/main.ts');
