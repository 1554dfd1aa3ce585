/**
 * Aggregation of test records into results, and the three reports rendered
 * from them: outcomes fold by precedence, suite errors stay apart from server
 * failures, SHOULD failures do not fail the verdict, secrets never appear.
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../lib/checks/catalogue.ts';
import type { CheckOutcome, TestRecord } from '../../lib/model/outcome.ts';
import { renderConsoleSummary } from '../../lib/report/console-summary.ts';
import { embeddedServerHint, replay } from '../../lib/report/replay.ts';
import { renderHtml } from '../../lib/report/html-report.ts';
import { renderJunit } from '../../lib/report/junit-report.ts';
import { computeCoverage } from '../../lib/results/coverage.ts';
import { computeLatency } from '../../lib/results/latency.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { aggregate, RESULTS_SCHEMA_ID, type ObservedTest, type RunResults } from '../../lib/results/run-results.ts';
import type { FailOn } from '../../lib/results/verdict.ts';

function test(name: string, outcomes: CheckOutcome[], state: ObservedTest['state'] = 'passed', durationMs = 0): ObservedTest {
  const record: TestRecord = { declared: [], outcomes, exchanges: [{ operation: 'getAccount', method: 'GET', status: 200, ms: 3 }] };
  return { name, file: 'suites/x.test.ts', state, errors: [], record, durationMs };
}

const evidence = {
  method: 'GET',
  url: 'http://h/openapi/v1/account',
  requestHeaders: { authorization: 'Bearer [REDACTED]' },
  status: 500,
  responseBody: '<b>boom</b>',
  curl: 'curl -sS -i -X GET \'http://h/openapi/v1/account\' -H "authorization: Bearer $DIFY_TOKEN"',
};

function results(tests: ObservedTest[], suiteErrors: { where: string; message: string }[] = [], failOn: FailOn = 'must'): RunResults {
  const aggregated = aggregate({ tests, suiteErrors, lookup: findCheck, failOn });
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
      test('c', [
        { checkId: 'response.schema', operation: 'listApps', status: 'skipped', message: 'no fixture' },
        { checkId: 'response.schema', operation: 'listApps', status: 'passed', message: '' },
      ]),
    ]);
    const byOp = Object.fromEntries(r.checks.map((c) => [c.operation, c]));
    expect(byOp['getAccount']?.status).toBe('failed');
    expect(byOp['getAccount']?.occurrences).toEqual({ passed: 3, failed: 1, skipped: 0, errored: 0 });
    expect(byOp['listApps']?.status).toBe('passed');
    expect(r.summary).toMatchObject({ passed: 1, failed: 1, requiredFailed: 1, verdict: 'fail', exchanges: 3 });
  });

  it('counts a SHOULD failure as a warning that does not fail the verdict, unless --fail-on should', () => {
    const should = [test('a', [{ checkId: 'auth.free.bearer-ignored', operation: 'getAccount', status: 'failed', message: 'no header' }])];
    const lenient = results(should);
    expect(lenient.summary).toMatchObject({ failed: 0, warnings: 1, requiredFailed: 0, verdict: 'pass', failOn: 'must' });
    expect(lenient.checks[0]?.required).toBe(false);
    const strict = results(should, [], 'should');
    expect(strict.summary).toMatchObject({ failed: 1, warnings: 0, requiredFailed: 1, verdict: 'fail', failOn: 'should' });
    expect(renderJunit(strict)).toContain('<failure type="SHOULD" message="no header">');
    expect(renderConsoleSummary(strict, [])).toMatch(
      /FAIL {2}auth\.free\.bearer-ignored \(getAccount\): no header[\s\S]*verdict: FAIL \(1 MUST or SHOULD check\(s\) failed/,
    );
  });

  it("shares each test's time among the results it decided", () => {
    const r = results([
      test(
        'a',
        [
          { checkId: 'response.schema', operation: 'getAccount', status: 'passed', message: '' },
          { checkId: 'meta.health.ok', operation: 'getHealth', status: 'passed', message: '' },
        ],
        'passed',
        100,
      ),
      test('b', [{ checkId: 'response.schema', operation: 'getAccount', status: 'passed', message: '', count: 4 }], 'passed', 30),
    ]);
    expect(Object.fromEntries(r.checks.map((c) => [c.id, c.durationMs]))).toEqual({ 'meta.health.ok': 50, 'response.schema': 80 });
    expect(renderJunit(r)).toMatch(/name="response\.schema getAccount" time="0\.080"/);
  });

  it('errors the checks named in the title of a test that died without a record, and counts suite errors', () => {
    const died: ObservedTest = {
      name: '[meta.health.ok auth.free.no-bearer-needed] GET /_health',
      file: 'suites/meta.test.ts',
      state: 'failed',
      errors: ['Test timed out in 5000ms.'],
      record: undefined,
    };
    const r = results([died], [{ where: 'suites/broken.test.ts', message: 'SyntaxError' }]);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['auth.free.no-bearer-needed', 'errored'],
      ['meta.health.ok', 'errored'],
    ]);
    expect(r.checks[0]?.message).toMatch(/suite error: Test timed out/);
    expect(r.summary).toMatchObject({ errored: 3, requiredErrored: 3, verdict: 'fail' });
  });
});

describe('reports', () => {
  const r = results(
    [
      test('a', [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'bad <body> & "quotes"', evidence }]),
      test('b', [{ checkId: 'auth.free.bearer-ignored', operation: 'getAccount', status: 'failed', message: 'no header' }]),
      test('c', [{ checkId: 'meta.health.ok', operation: 'getHealth', status: 'errored', message: 'timeout' }]),
      test('d', [{ checkId: 'meta.version.ok', operation: 'getVersion', status: 'skipped', message: 'filtered' }]),
    ],
    [{ where: 'suites/x.test.ts', message: 'boom' }],
  );

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

  it('report.html opens on the failing check ids, then the warnings, and shows a warning as a warning', () => {
    const html = renderHtml(r);
    const failing = html.indexOf('id="failing"');
    const warnings = html.indexOf('id="warnings"');
    expect(failing).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(failing);
    expect(html.indexOf('<section><h2>Checks</h2>')).toBeGreaterThan(warnings);
    expect(html.slice(failing, warnings)).toContain('data-check="response.schema"');
    expect(html.slice(failing, warnings)).toContain('data-check="meta.health.ok"');
    expect(html.slice(warnings)).toMatch(/data-check="auth\.free\.bearer-ignored"/);
    expect(html).toMatch(/<tr class="check" id="check-auth\.free\.bearer-ignored-getAccount" data-status="warning"/);
    expect(html).toMatch(/data-status="skipped"[^\n]*<td>filtered<\/td><\/tr>/);
  });

  it('the console summary lists problems and the verdict', () => {
    const text = renderConsoleSummary(r, ['reports/results.json']);
    expect(text).toMatch(/FAIL {2}response\.schema \(getAccount\): bad/);
    expect(text).toMatch(/WARN {2}auth\.free\.bearer-ignored/);
    expect(text).toMatch(/checks: 0 passed, 1 failed, 1 warnings, 1 skipped, 2 errored/);
    expect(text).toMatch(/ERROR meta\.health\.ok/);
    expect(text).toMatch(/ERROR suite: suites\/x\.test\.ts: boom/);
    expect(text).toMatch(/verdict: FAIL/);
    expect(text).toContain('coverage: operations exercised 1/31, documented responses exercised 1/');
  });
});

describe('one cause, one line', () => {
  it('groups a check that failed on several operations into one console line with the count', () => {
    const r = results([
      test('a', [{ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'first bad body', evidence }]),
      test('b', [{ checkId: 'response.schema', operation: 'listApps', status: 'failed', message: 'second bad body' }]),
      test('c', [{ checkId: 'response.schema', operation: 'listMembers', status: 'failed', message: 'third bad body' }]),
    ]);
    const lines = renderConsoleSummary(r, [])
      .split('\n')
      .filter((l) => l.includes('response.schema'));
    expect(lines).toEqual(['  FAIL  response.schema on 3 operations (getAccount, listApps, listMembers): first bad body']);
  });
});

describe('replay', () => {
  const base = results([test('a', [{ checkId: 'meta.version.ok', operation: 'getVersion', status: 'failed', message: 'empty', evidence }])]);

  it('repeats the target, the selection, the seed and the files, and names the secrets to set', () => {
    const r: RunResults = {
      ...base,
      run: { ...base.run, seed: 7, files: ['meta', 'apps'] },
      config: {
        DIFY_BASE_URL: { value: 'https://dify.example.com/openapi/v1', source: 'environment' },
        DIFY_TOKEN: { value: '[REDACTED]', source: 'environment' },
        DIFY_ONLY: { value: ['meta', 'pagination.*'], source: 'flag' },
        DIFY_SHARD: { value: { index: 2, count: 3 }, source: 'flag' },
        DIFY_FAIL_ON: { value: 'should', source: 'environment' },
        DIFY_REPORT_DIR: { value: 'out', source: 'flag' },
        DIFY_PROFILE: { value: 'full', source: 'default' },
      },
    };
    expect(replay(r)).toEqual({
      command:
        'npx dify-conformance run --base-url https://dify.example.com/openapi/v1 --only meta,pagination.* --shard 2/3 --fail-on should --seed 7 meta apps',
      environment: ['DIFY_TOKEN'],
    });
  });

  it('for an embedded run: names it, with its faults, and says how to start the same server for the curl lines', () => {
    const r: RunResults = {
      ...base,
      target: { baseUrl: 'http://127.0.0.1:41929/openapi/v1', embedded: true, faults: ['version-empty'], serverVersion: null },
      config: { DIFY_REFERENCE_FAULTS: { value: ['version-empty'], source: 'flag' } },
    };
    expect(replay(r).command).toBe('npx dify-conformance run --embedded --fault version-empty --seed 42');
    expect(embeddedServerHint(r)).toMatch(/`PORT=41929 npx dify-conformance reference-server --fault version-empty` and set DIFY_TOKEN/);
    expect(renderHtml(r)).toContain('PORT=41929 npx dify-conformance reference-server --fault version-empty');
    expect(renderJunit(r)).toContain('PORT=41929 npx dify-conformance reference-server');
    expect(embeddedServerHint(base)).toBeUndefined();
  });
});
