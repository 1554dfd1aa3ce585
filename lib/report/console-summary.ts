/** The short summary printed at the end of a run. */
import { coverageLine } from '../results/coverage.ts';
import { latencyLine } from '../results/latency.ts';
import type { RunResults } from '../results/run-results.ts';

const MAX_LISTED = 25;

export function renderConsoleSummary(results: RunResults, reportPaths: readonly string[]): string {
  const s = results.summary;
  const target = results.target.embedded ? `${results.target.baseUrl} (embedded reference server${results.target.faults.length > 0 ? `, faults: ${results.target.faults.join(', ')}` : ''})` : results.target.baseUrl;
  const lines = [
    `dify-conformance ${results.suite.version} · ${target}`,
    `checks: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.errored} errored · ${s.exchanges} requests · ${(results.run.durationMs / 1000).toFixed(1)} s · seed ${results.run.seed}`,
    `coverage: ${coverageLine(results.coverage)}`,
    `latency: ${latencyLine(results.latency)}`,
    ...scopeLines(results),
  ];
  const problems = results.checks.filter((c) => c.status === 'failed' || c.status === 'errored');
  for (const check of problems.slice(0, MAX_LISTED)) {
    const tag = check.status === 'errored' ? 'ERROR' : check.waived !== undefined ? 'WAIVED' : check.required ? 'FAIL ' : 'WARN ';
    lines.push(`  ${tag} ${check.id}${check.operation === null ? '' : ` (${check.operation})`}: ${check.message}`);
  }
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more in the reports`);
  for (const error of results.suiteErrors.slice(0, MAX_LISTED)) lines.push(`  ERROR suite: ${error.where}: ${error.message}`);
  const skipReasons = new Map<string, number>();
  for (const check of results.checks.filter((c) => c.status === 'skipped')) skipReasons.set(check.message, (skipReasons.get(check.message) ?? 0) + 1);
  for (const [reason, count] of [...skipReasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`  skipped ×${count}: ${reason}`);
  for (const waiver of results.waivers?.stale ?? []) lines.push(`  STALE waiver ${waiver.check}${waiver.operation === undefined ? '' : ` (${waiver.operation})`}: the check no longer fails; remove the waiver`);
  for (const waiver of results.waivers?.expired ?? []) lines.push(`  EXPIRED waiver ${waiver.check}${waiver.operation === undefined ? '' : ` (${waiver.operation})`} (expired ${waiver.expires ?? ''})`);
  for (const leak of results.leaks) lines.push(`  LEAK  ${leak.kind} ${leak.name} was still there after the run: ${leak.removed ? 'removed by the audit' : 'could NOT be removed'}`);
  lines.push(`reports: ${reportPaths.join(', ')}`);
  lines.push(s.verdict === 'pass'
    ? 'verdict: PASS (no required check failed or errored)'
    : `verdict: FAIL (${s.requiredFailed} required check(s) failed, ${s.requiredErrored} errored)`);
  return lines.join('\n');
}

/** What narrowed the run or widened the result: a shard, a selection, a merge. */
export function scopeLines(results: RunResults): string[] {
  const { shard, selection, mergedFrom } = results.run;
  return [
    ...(shard === undefined ? [] : [`shard: ${shard.index}/${shard.count} of the suite files; join the shards' results.json files with dify-conformance merge`]),
    ...(selection === undefined ? [] : [`selection: ${[selection.only.length > 0 ? `--only ${selection.only.join(',')}` : '', selection.skip.length > 0 ? `--skip ${selection.skip.join(',')}` : ''].filter((p) => p !== '').join(' ')} (${selection.checks} checks judged)`]),
    ...(mergedFrom === undefined ? [] : [`merged: ${mergedFrom.length} results files (${mergedFrom.map((p) => `${p.file}: ${p.verdict}`).join(', ')})`]),
  ];
}
