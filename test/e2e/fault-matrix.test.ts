/**
 * Every check is proven (principle 1): the suite runs against one reference
 * server per named fault (the suites that declare the fault's checks, all in one process)
 * and against a healthy server (every suite). Each fault must be caught by
 * every check its catalogue entry names, and the healthy server must show no
 * failure and no error. `npm run fault-matrix` does the same with every suite
 * against every fault and writes docs/fault-matrix.md and lib/runner/suite-checks.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FaultMatrix } from '../../lib/runner/fault-matrix.ts';
import { FAULTS } from '../../lib/reference-server/faults.ts';
import { runCli, tempDir } from '../support/run-cli.ts';

describe('the fault matrix', () => {
  it('catches every catalogued fault with the checks that target it, and nothing fails on the healthy server', async () => {
    const dir = tempDir();
    const json = join(dir, 'matrix.json');
    const run = await runCli(['fault-matrix', '--scope', 'area', '--json', json], { cwd: dir, timeoutMs: 840_000 });
    const matrix = JSON.parse(readFileSync(json, 'utf8')) as FaultMatrix;
    expect(matrix.healthyProblems).toEqual([]);
    expect(matrix.rows.map((r) => r.fault).sort()).toEqual(FAULTS.map((f) => f.name).sort());
    const gaps = matrix.rows
      .filter((r) => r.missed.length > 0)
      .map(
        (r) => `${r.fault}: not caught by ${r.missed.join(', ')} (failed: ${r.failed.join(', ') || 'nothing'}; errored: ${r.errored.join(', ') || 'nothing'})`,
      );
    expect(gaps).toEqual([]);
    expect(run.code, run.stdout).toBe(0);
  }, 900_000);
});
