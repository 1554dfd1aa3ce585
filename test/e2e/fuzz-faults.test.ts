/**
 * The fuzz suites against the embedded reference server, end to end: healthy,
 * every fuzz property passes with the default settings; with each validation
 * fault switched on, the examples alone (--fuzz-runs 0: no generated input)
 * make the property that targets it fail, and results.json carries the
 * minimal counterexample and the seed. A fixed seed keeps the runs
 * reproducible.
 */
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../lib/results/run-results.ts';
import { runCli } from '../support/run-cli.ts';

const SEED = '20260407';
const RUN_TIMEOUT_MS = 240_000;

interface Expectation {
  readonly fault: string;
  readonly check: string;
  /** The operation the failure is filed under; undefined when every validating operation shows it. */
  readonly operation?: string;
  readonly counterexample: RegExp;
}

// One row per fault: the check that must fail, where, and the shape of the shrunk input.
const EXPECTATIONS: readonly Expectation[] = [
  { fault: 'sessions-limit-unbounded', check: 'validation.rejects-out-of-bounds', operation: 'listSessions', counterexample: /^\?limit=201$/ },
  { fault: 'members-extra-param-accepted', check: 'validation.rejects-invalid', operation: 'listMembers', counterexample: /^\?[a-z][a-z0-9_]*=[^&]*$/ },
  { fault: 'apps-limit-non-numeric-500', check: 'validation.rejects-invalid', operation: 'listApps', counterexample: /^\?workspace_id=[^&]+&limit=[^&]+$/ },
  { fault: 'validation-no-details', check: 'validation.details-name-parameter', operation: 'listSessions', counterexample: /^\?(limit|page)=[^&]+$/ },
  { fault: 'validation-wrong-loc', check: 'validation.details-name-parameter', operation: 'updateMemberRole', counterexample: /^\{.*\}$/ },
  { fault: 'validation-echoes-input', check: 'validation.no-echo', counterexample: /./ },
  { fault: 'describe-fields-unvalidated', check: 'validation.rejects-invalid', operation: 'describeApp', counterexample: /^\?fields=[^&]+$/ },
  { fault: 'sessions-valid-limit-rejected', check: 'validation.accepts-valid', operation: 'listSessions', counterexample: /^\?limit=200$/ },
  { fault: 'device-code-invalid-body-422', check: 'validation.device-bad-request', operation: 'createDeviceCode', counterexample: /^\{.*\}$/ },
];

function fuzzChecks(results: RunResults): RunResults['checks'] {
  return results.checks.filter((c) => c.id.startsWith('validation.'));
}

describe.concurrent('fuzz properties against the reference server', () => {
  it(
    'pass on the healthy server',
    async () => {
      const run = await runCli(['run', '--seed', SEED, 'fuzz'], { timeoutMs: RUN_TIMEOUT_MS });
      const results = run.results();
      expect(
        results.checks.filter((c) => c.status === 'failed' || c.status === 'errored'),
        run.stdout,
      ).toEqual([]);
      expect(fuzzChecks(results).filter((c) => c.status === 'passed').length).toBeGreaterThan(40);
      expect(results.summary.verdict).toBe('pass');
    },
    RUN_TIMEOUT_MS,
  );

  for (const expected of EXPECTATIONS) {
    it(
      `${expected.fault} fails ${expected.check} with a minimal counterexample`,
      async () => {
        const run = await runCli(['run', '--fault', expected.fault, '--seed', SEED, '--fuzz-runs', '0', 'fuzz'], { timeoutMs: RUN_TIMEOUT_MS });
        const failed = run
          .results()
          .checks.filter((c) => c.id === expected.check && c.status === 'failed' && (expected.operation === undefined || c.operation === expected.operation));
        expect(failed.length, run.stdout).toBeGreaterThan(0);
        for (const check of failed) {
          const detail = check.details.find((d) => d.counterexample !== undefined);
          expect(detail?.counterexample).toMatch(expected.counterexample);
          expect(detail?.seed).toEqual(expect.any(Number));
          expect(detail?.evidence?.curl).toMatch(/^curl /);
        }
      },
      RUN_TIMEOUT_MS,
    );
  }
});
