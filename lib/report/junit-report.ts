/**
 * junit.xml for CI systems. A failed MUST check is a <failure>, an errored
 * check or suite error is an <error> (a suite error is kept apart from a
 * server failure), a skipped check is <skipped>. A failed SHOULD check does
 * not fail the run, so it is not a <failure> either: it passes with a warning
 * in <system-out>, keeping junit's verdict equal to the exit status (with
 * --fail-on should a failed SHOULD check is a <failure>). Each test case
 * carries the time of the suite tests that decided it.
 */
import type { CheckResult, RunResults } from '../results/run-results.ts';
import { embeddedServerHint } from './replay.ts';

function escapeXml(text: string): string {
  return (
    text
      // Control characters are not allowed in XML 1.0 at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function detailText(check: CheckResult, serverHint: string | undefined): string {
  const details = check.details
    .slice(0, 3)
    .map((d) =>
      [
        `${d.status}: ${d.message}`,
        d.expected === undefined ? '' : `expected: ${d.expected}`,
        d.observed === undefined ? '' : `observed: ${d.observed}`,
        d.evidence === undefined ? '' : `reproduce: ${d.evidence.curl}`,
      ]
        .filter((line) => line !== '')
        .join('\n'),
    )
    .join('\n\n');
  const reproducible = check.details.some((d) => d.evidence !== undefined);
  return serverHint === undefined || !reproducible ? details : `${details}\n\n(${serverHint})`;
}

function testcase(check: CheckResult, serverHint: string | undefined): string {
  const name = check.operation === null ? check.id : `${check.id} ${check.operation}`;
  const open = `    <testcase classname="${escapeXml(`dify-conformance.${check.area}`)}" name="${escapeXml(name)}" time="${seconds(check.durationMs)}">`;
  const properties = `      <properties><property name="level" value="${check.level}"/><property name="spec" value="${escapeXml(check.specRef)}"/></properties>`;
  let body = '';
  if (check.status === 'failed' && check.waived !== undefined) {
    body = `      <system-out>${escapeXml(`WAIVED by the baseline (${check.waived}): ${check.message}`)}</system-out>`;
  } else if (check.status === 'failed' && check.required) {
    body = `      <failure type="${check.level}" message="${escapeXml(check.message)}">${escapeXml(`${check.statement}\n\n${detailText(check, serverHint)}`)}</failure>`;
  } else if (check.status === 'failed') {
    body = `      <system-out>${escapeXml(`WARNING (${check.level}, does not fail the run): ${check.message}\n\n${detailText(check, serverHint)}`)}</system-out>`;
  } else if (check.status === 'errored') {
    body = `      <error type="suite-error" message="${escapeXml(check.message)}">${escapeXml(detailText(check, serverHint))}</error>`;
  } else if (check.status === 'skipped') {
    body = `      <skipped message="${escapeXml(check.message)}"/>`;
  }
  return [open, properties, body, '    </testcase>'].filter((line) => line !== '').join('\n');
}

export function renderJunit(results: RunResults): string {
  const serverHint = embeddedServerHint(results);
  const byArea = new Map<string, CheckResult[]>();
  for (const check of results.checks) {
    const list = byArea.get(check.area) ?? [];
    list.push(check);
    byArea.set(check.area, list);
  }
  const suites = [...byArea].map(([area, checks]) => {
    const failures = checks.filter((c) => c.status === 'failed' && c.required && c.waived === undefined).length;
    const errors = checks.filter((c) => c.status === 'errored').length;
    const skipped = checks.filter((c) => c.status === 'skipped').length;
    const time = checks.reduce((sum, c) => sum + (c.durationMs ?? 0), 0);
    return [
      `  <testsuite name="${escapeXml(area)}" tests="${checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(time)}">`,
      ...checks.map((check) => testcase(check, serverHint)),
      '  </testsuite>',
    ].join('\n');
  });
  if (results.suiteErrors.length > 0) {
    suites.push(
      [
        `  <testsuite name="suite-errors" tests="${results.suiteErrors.length}" failures="0" errors="${results.suiteErrors.length}" skipped="0">`,
        ...results.suiteErrors.map(
          (e) =>
            `    <testcase classname="dify-conformance.suite" name="${escapeXml(e.where)}">\n      <error type="suite-error" message="${escapeXml(e.message)}"/>\n    </testcase>`,
        ),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const s = results.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dify-conformance" tests="${results.checks.length + results.suiteErrors.length}" failures="${s.requiredFailed}" errors="${s.requiredErrored}" time="${(results.run.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
