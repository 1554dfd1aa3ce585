/**
 * `npm run bench` keeps working: its quickest part runs end to end and prints
 * its figures. The figures themselves are the bench's business, never a test's.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.ts';

describe('npm run bench', () => {
  it('measures response validation and prints the figures without touching the docs', () => {
    const bench = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', '--only', 'validation'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(bench.status, bench.stderr).toBe(0);
    expect(bench.stdout).toMatch(/Response validation cost: getAccount 200 \(0\.5 kB\)\s+[\d.]+ µs/);
    expect(bench.stdout).toContain('docs/benchmarks.* left as they were: only a subset was measured');
  });
});
