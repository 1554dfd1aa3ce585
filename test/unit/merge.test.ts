/**
 * merge: shards fold into one result as if one run had made them; a missing
 * shard errors the merged run, a repeated one is refused; coverage and
 * latency are recomputed from the joined exchanges.
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../lib/checks/catalogue.ts';
import type { CheckOutcome, ExchangeSummary } from '../../lib/model/outcome.ts';
import { computeCoverage } from '../../lib/results/coverage.ts';
import { computeLatency } from '../../lib/results/latency.ts';
import { mergeResults, type MergeInput } from '../../lib/results/merge.ts';
import { aggregate, RESULTS_SCHEMA_ID, type RunResults } from '../../lib/results/run-results.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';

const coverageOf = (exchanges: readonly ExchangeSummary[]) => computeCoverage(loadSpec(), exchanges, new Map());

function part(
  file: string,
  shard: { index: number; count: number } | undefined,
  outcomes: CheckOutcome[],
  exchanges: ExchangeSummary[],
  baseUrl = 'http://h/openapi/v1',
): MergeInput {
  const aggregated = aggregate({
    tests: [{ name: 't', file: 'suites/x.test.ts', state: 'passed', errors: [], record: { declared: [], outcomes, exchanges } }],
    suiteErrors: [],
    lookup: findCheck,
  });
  const results: RunResults = {
    schema: RESULTS_SCHEMA_ID,
    suite: { name: 'dify-openapi-conformance', version: '0.1.0', commit: null },
    target: { baseUrl, embedded: false, faults: [], serverVersion: null },
    run: {
      runId: `dcr-${file}`,
      profile: 'full',
      seed: 1,
      startedAt: `2026-01-01T00:00:0${shard?.index ?? 0}.000Z`,
      finishedAt: `2026-01-01T00:00:0${(shard?.index ?? 0) + 1}.000Z`,
      durationMs: 1000,
      ...(shard === undefined ? {} : { shard }),
    },
    config: {},
    ...aggregated,
    coverage: coverageOf(aggregated.exchanges),
    latency: computeLatency(aggregated.exchanges, { concurrency: 2, maxRequestsPerMinute: 0 }),
    leaks: [],
  };
  return { file, results };
}

const pass = (checkId: string, operation: string): CheckOutcome => ({ checkId, operation, status: 'passed', message: '' });
const account: ExchangeSummary = { operation: 'getAccount', method: 'GET', status: 200, ms: 2 };
const apps: ExchangeSummary = { operation: 'listApps', method: 'GET', status: 200, ms: 8 };

describe('mergeResults', () => {
  it('joins complete shards into one passing result with recomputed coverage and latency', () => {
    const merged = mergeResults(
      [
        part('a.json', { index: 1, count: 2 }, [pass('response.schema', 'getAccount')], [account]),
        part('b.json', { index: 2, count: 2 }, [pass('response.schema', 'listApps'), pass('response.schema', 'getAccount')], [apps]),
      ],
      coverageOf,
      'dcr-merged',
      'must',
    );
    expect(merged.summary).toMatchObject({ passed: 2, failed: 0, exchanges: 2, verdict: 'pass' });
    expect(merged.checks.find((c) => c.operation === 'getAccount')?.occurrences.passed).toBe(2);
    expect(merged.coverage.operationsExercised).toBe(2);
    expect(merged.latency.operations.map((o) => o.operation)).toEqual(['listApps', 'getAccount']);
    expect(merged.run).toMatchObject({ runId: 'dcr-merged', startedAt: '2026-01-01T00:00:01.000Z', finishedAt: '2026-01-01T00:00:03.000Z', durationMs: 2000 });
    expect(merged.run.mergedFrom?.map((p) => p.file)).toEqual(['a.json', 'b.json']);
    expect(merged.suiteErrors).toEqual([]);
  });

  it('folds a failure in any part into the verdict, keeping its evidence', () => {
    const merged = mergeResults(
      [
        part('a.json', undefined, [pass('response.schema', 'getAccount')], [account]),
        part(
          'b.json',
          undefined,
          [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'bad body' }],
          [account],
          'http://other/openapi/v1',
        ),
      ],
      coverageOf,
      'dcr-merged',
      'must',
    );
    expect(merged.summary).toMatchObject({ failed: 1, requiredFailed: 1, verdict: 'fail' });
    expect(merged.checks[0]).toMatchObject({ status: 'failed', message: 'bad body', occurrences: { passed: 1, failed: 1 } });
    expect(merged.target.baseUrl).toBe('2 targets: http://h/openapi/v1, http://other/openapi/v1');
  });

  it("carries no waiver over: the merged verdict is the checks' own until --baseline is applied again", () => {
    const failing = part('a.json', undefined, [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'bad body' }], [account]);
    const waived: MergeInput = { ...failing, results: { ...failing.results, checks: failing.results.checks.map((c) => ({ ...c, waived: 'known gap' })) } };
    const merged = mergeResults([waived], coverageOf, 'dcr-merged', 'must');
    expect(merged.checks[0]?.waived).toBeUndefined();
    expect(merged.summary.verdict).toBe('fail');
  });

  it('errors the merged run when a shard is missing, and refuses a shard given twice', () => {
    const first = part('a.json', { index: 1, count: 3 }, [pass('response.schema', 'getAccount')], [account]);
    const merged = mergeResults([first, part('c.json', { index: 3, count: 3 }, [], [])], coverageOf, 'dcr-merged', 'must');
    expect(merged.suiteErrors.map((e) => e.message)).toEqual(['shard 2/3 of http://h/openapi/v1 is missing: its checks were not run']);
    expect(merged.summary.verdict).toBe('fail');
    expect(() => mergeResults([first, { ...first, file: 'copy.json' }], coverageOf, 'x', 'must')).toThrow(
      /shard 1\/3 of http:\/\/h\/openapi\/v1 is in both a.json and copy.json/,
    );
  });

  it('judges the merged checks by its own --fail-on rule, and adds up their times', () => {
    const should = part(
      'a.json',
      undefined,
      [{ checkId: 'auth.free.bearer-ignored', operation: 'getAccount', status: 'failed', message: 'no header' }],
      [account],
    );
    expect(mergeResults([should], coverageOf, 'm', 'must').summary).toMatchObject({ failed: 0, warnings: 1, verdict: 'pass', failOn: 'must' });
    expect(mergeResults([should], coverageOf, 'm', 'should').summary).toMatchObject({ failed: 1, warnings: 0, verdict: 'fail', failOn: 'should' });
    const timed = (file: string, durationMs: number): MergeInput => {
      const p = part(file, undefined, [pass('response.schema', 'getAccount')], [account]);
      return { ...p, results: { ...p.results, checks: p.results.checks.map((c) => ({ ...c, durationMs })) } };
    };
    expect(mergeResults([timed('a.json', 40), timed('b.json', 60)], coverageOf, 'm', 'must').checks[0]?.durationMs).toBe(100);
  });
});
