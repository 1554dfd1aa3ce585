/**
 * Time to verdict (issue 16): a run states its plan before the first check
 * and keeps the estimate on its progress lines; with --budget it runs the
 * files that catch the most faults per request and says what it left
 * unjudged.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('the plan of a run', () => {
  it('is stated before the first check, and a budget leaves out the costly files, naming the checks left unjudged', async () => {
    const run = await runCli(['run', '--budget', '60']);
    expect(run.code, run.stdout).toBe(0);
    const plan = run.results().run.plan;
    expect(plan).toMatchObject({ budget: 60 });
    expect(plan?.requests).toBeLessThanOrEqual(60);
    // The fuzzing files cost about 90 requests each: they cannot fit, and their own checks stay unjudged.
    expect(plan?.leftOut.map((l) => l.file)).toEqual(expect.arrayContaining(['fuzz-bodies', 'fuzz-queries']));
    expect(plan?.unjudged.length).toBeGreaterThan(0);
    for (const id of plan?.unjudged ?? []) expect(run.results().checks.some((c) => c.id === id && c.status !== 'skipped')).toBe(false);
    // What was sent stays near the plan (the run's own few requests aside).
    expect(run.results().summary.exchanges).toBeLessThanOrEqual(70);
    expect(run.stderr.split('\n')[0]).toMatch(
      /^plan: \d+ suite file\(s\), about \d+ requests, about \d+ s unpaced; budget 60 requests: \d+ file\(s\) left out/,
    );
    expect(run.stderr).toMatch(/\[ *\d+\.\d s of ~\d+ s\]/);
    expect(run.stdout).toMatch(/budget: 60 requests; left out .*fuzz-bodies.*; \d+ check\(s\) left unjudged/);
  }, 120_000);
});
