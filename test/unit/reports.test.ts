/**
 * Aggregation of test records into results, and the three reports rendered
 * from them: outcomes fold by precedence, suite errors stay apart from server
 * failures, SHOULD failures do not fail the verdict, secrets never appear.
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../lib/checks/catalogue.ts';
import type { CheckOutcome, TestRecord } from '../../lib/model/outcome.ts';
import { renderConsoleSummary } from '../../lib/report/console-summary.ts';
import { renderHtml } from '../../lib/report/html-report.ts';
import { renderJunit } from '../../lib/report/junit-report.ts';
import { computeCoverage } from '../../lib/results/coverage.ts';
import { computeLatency } from '../../lib/results/latency.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { aggregate, RESULTS_SCHEMA_ID, type ObservedTest, type RunResults } from '../../lib/results/run-results.ts';

function test(name: string, outcomes: CheckOutcome[], state: ObservedTest['state'] = 'passed'): ObservedTest {
  const record: TestRecord = { declared: [], outcomes, exchanges: [{ operation: 'getAccount', method: 'GET', status: 200, ms: 3 }] };
  return { name, file: 'suites/x.test.ts', state, errors: [], record };
}

const evidence = { method: 'GET', url: 'http://h/openapi/v1/account', requestHeaders: { authorization: 'Bearer [REDACTED]' }, status: 500, responseBody: '<b>boom</b>', curl: 'curl -sS -i -X GET \'http://h/openapi/v1/account\' -H "authorization: Bearer $DIFY_TOKEN"' };

function results(tests: ObservedTest[], suiteErrors: { where: string; message: string }[] = []): RunResults {
  const aggregated = aggregate({ tests, suiteErrors, lookup: findCheck });
  return {
    schema: RESULTS_SCHEMA_ID,
    suite: { name: 'dify-openapi-conformance', version: '0.1.0', commit: null },
    target: { baseUrl: 'http://h/openapi/v1', embedded: false, faults: [], serverVersion: { version: '1.14.0', edition: 'SELF_HOSTED' } },
    run: { runId: 'dcr-test', profile: 'full', seed: 42, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', durationMs: 1000 },
    config: { DIFY_TOKEN: { value: '[REDACTED]', source: 'environment' } },
    ...aggregated,
    coverage: computeCoverage(loadSpec(), aggregated.exchanges, new Map([['getHealth default', 'not provokable']])),
    latency: computeLatency(aggregated.exchanges, { concurrency: 2, maxRequestsPerMinute: 0 }),
    leaks: [],
  };
}

describe('aggregate', () => {
  it('folds outcomes per check and operation: failed beats errored beats passed beats skipped', () => {
    const r = results([
      test('a', [{ checkId: 'response.schema', operation: 'getAccount', status: 'passed', message: '', count: 3 }]),
      test('b', [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'bad body', evidence }]),
      test('c', [{ checkId: 'response.schema', operation: 'listApps', status: 'skipped', message: 'no fixture' }, { checkId: 'response.schema', operation: 'listApps', status: 'passed', message: '' }]),
    ]);
    const byOp = Object.fromEntries(r.checks.map((c) => [c.operation, c]));
    expect(byOp['getAccount']?.status).toBe('failed');
    expect(byOp['getAccount']?.occurrences).toEqual({ passed: 3, failed: 1, skipped: 0, errored: 0 });
    expect(byOp['listApps']?.status).toBe('passed');
    expect(r.summary).toMatchObject({ passed: 1, failed: 1, requiredFailed: 1, verdict: 'fail', exchanges: 3 });
  });

  it('does not fail the verdict on a SHOULD failure', () => {
    const r = results([test('a', [{ checkId: 'auth.www-authenticate', operation: 'getAccount', status: 'failed', message: 'no header' }])]);
    expect(r.summary).toMatchObject({ failed: 1, requiredFailed: 0, verdict: 'pass' });
  });

  it('errors the checks named in the title of a test that died without a record, and counts suite errors', () => {
    const died: ObservedTest = { name: '[meta.health.ok auth.free.no-bearer-needed] GET /_health', file: 'suites/meta.test.ts', state: 'failed', errors: ['Test timed out in 5000ms.'], record: undefined };
    const r = results([died], [{ where: 'suites/broken.test.ts', message: 'SyntaxError' }]);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([['auth.free.no-bearer-needed', 'errored'], ['meta.health.ok', 'errored']]);
    expect(r.checks[0]?.message).toMatch(/suite error: Test timed out/);
    expect(r.summary).toMatchObject({ errored: 3, requiredErrored: 3, verdict: 'fail' });
  });
});

describe('reports', () => {
  const r = results([
    test('a', [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'bad <body> & "quotes"', evidence }]),
    test('b', [{ checkId: 'auth.www-authenticate', operation: 'getAccount', status: 'failed', message: 'no header' }]),
    test('c', [{ checkId: 'meta.health.ok', operation: 'getHealth', status: 'errored', message: 'timeout' }]),
    test('d', [{ checkId: 'meta.version.ok', operation: 'getVersion', status: 'skipped', message: 'filtered' }]),
  ], [{ where: 'suites/x.test.ts', message: 'boom' }]);

  it('junit keeps server failures, warnings, suite errors and skips apart, and escapes XML', () => {
    const xml = renderJunit(r);
    expect(xml).toMatch(/<testsuites name="dify-conformance" tests="5" failures="1" errors="2"/);
    expect(xml).toContain('<failure type="MUST" message="bad &lt;body&gt; &amp; &quot;quotes&quot;">');
    expect(xml).toMatch(/<system-out>WARNING \(SHOULD, does not fail the run\): no header/);
    expect(xml).toContain('<error type="suite-error" message="timeout">');
    expect(xml).toContain('<skipped message="filtered"/>');
    expect(xml).toContain('<testsuite name="suite-errors"');
    expect(xml).not.toContain('<b>');
  });

  it('report.html is self-contained, escapes bodies and carries filters', () => {
    const html = renderHtml(r);
    expect(html).not.toMatch(/<(?:link|img)[^>]+(?:href|src)=|<script[^>]+src=/);
    expect(html).toContain('&lt;b&gt;boom&lt;/b&gt;');
    expect(html).toContain('id="verdict">FAIL<');
    expect(html).toMatch(/<select name="status">/);
    expect(html).toMatch(/<select name="area">/);
    expect(html).toMatch(/<select name="level">/);
    expect(html).toContain('$DIFY_TOKEN');
  });

  it('report.html shows the coverage matrix with the reason of each cell not exercised', () => {
    const html = renderHtml(r);
    expect(html).toContain('operations exercised 1/31');
    expect(html).toMatch(/<td>getHealth<\/td>.*not provokable/s);
  });

  it('the console summary lists problems and the verdict', () => {
    const text = renderConsoleSummary(r, ['reports/results.json']);
    expect(text).toMatch(/FAIL {2}response\.schema \(getAccount\): bad/);
    expect(text).toMatch(/WARN {2}auth\.www-authenticate/);
    expect(text).toMatch(/ERROR meta\.health\.ok/);
    expect(text).toMatch(/ERROR suite: suites\/x\.test\.ts: boom/);
    expect(text).toMatch(/verdict: FAIL/);
    expect(text).toContain('coverage: operations exercised 1/31, documented responses exercised 1/');
  });
});
