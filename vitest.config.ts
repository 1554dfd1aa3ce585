// The project's own tests (npm test): harness units, the reference server over
// real HTTP, and end-to-end runs of the conformance command.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Most end-to-end files wait on child processes (runs, timeouts, device-flow intervals) rather
    // than compute, so three files at a time keep two cores busy without starving the fault matrix.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The fault matrix runs the whole suite once per fault, in child processes; three at a time fit two cores.
    maxConcurrency: 3,
  },
});
