/**
 * compare reports operations that got markedly slower between two runs, says
 * when the runs' concurrency or pacing differ, and never turns latency into a
 * regression verdict.
 */
import { describe, expect, it } from 'vitest';
import type { ExchangeSummary } from '../../lib/model/outcome.ts';
import { compareResults, renderComparison } from '../../lib/results/compare.ts';
import { computeLatency } from '../../lib/results/latency.ts';
import type { RunResults } from '../../lib/results/run-results.ts';

function run(ms: Readonly<Record<string, number>>, concurrency = 2): RunResults {
  const exchanges: ExchangeSummary[] = Object.entries(ms).map(([operation, v]) => ({ operation, method: 'GET', status: 200, ms: v }));
  return {
    target: { baseUrl: 'http://h/openapi/v1' },
    run: { startedAt: '2026-01-01T00:00:00.000Z' },
    checks: [],
    coverage: { operationsExercised: 0, operations: 31, responsesExercised: 0, responses: 72, cells: [], unlisted: [] },
    latency: computeLatency(exchanges, { concurrency, maxRequestsPerMinute: 0 }),
  } as unknown as RunResults;
}

describe('compare: latency', () => {
  it('lists operations whose p95 grew by half and by 5 ms or more, and only those', () => {
    const comparison = compareResults(run({ listApps: 10, getAccount: 2, listMembers: 100 }), run({ listApps: 40, getAccount: 6, listMembers: 120 }), 'must');
    expect(comparison.slower).toEqual([{ operation: 'listApps', method: 'GET', beforeP95Ms: 10, afterP95Ms: 40 }]);
    expect(comparison.latencyCaveat).toBeUndefined();
    const text = renderComparison(comparison, run({}), run({}));
    expect(text).toContain('listApps GET: p95 10 ms → 40 ms');
    expect(text).toContain('verdict: no regression');
  });

  it('says when concurrency differs, and stays silent on files without latency figures', () => {
    expect(compareResults(run({ listApps: 10 }, 1), run({ listApps: 10 }, 4), 'must').latencyCaveat).toMatch(
      /differ in concurrency or pacing \(1, 0\/min → 4, 0\/min\)/,
    );
    const old = { ...run({}), latency: undefined } as unknown as RunResults;
    expect(compareResults(old, run({ listApps: 10 }), 'must').slower).toBeUndefined();
  });
});
