/**
 * The short summary printed at the end of a run. One cause, one line: a check
 * that failed on many operations is one line with the count and its first
 * evidence, not a line per operation.
 */
import { coverageLine } from '../results/coverage.ts';
import { latencyLine } from '../results/latency.ts';
import { isWarning, type CheckResult, type RunResults } from '../results/run-results.ts';
import { replayLine } from './replay.ts';

const MAX_LISTED = 25;
const MAX_OPERATIONS_NAMED = 4;

/** How a problem is tagged in the console and grouped in the reports. */
export type ProblemKind = 'FAIL' | 'WARN' | 'ERROR' | 'WAIVED';

export function problemKind(check: CheckResult): ProblemKind | undefined {
  if (check.status === 'errored') return 'ERROR';
  if (check.status !== 'failed') return undefined;
  if (check.waived !== undefined) return 'WAIVED';
  return isWarning(check) ? 'WARN' : 'FAIL';
}

export interface ProblemGroup {
  readonly kind: ProblemKind;
  readonly id: string;
  /** The check's results of this kind, one per operation, in the order of the results. */
  readonly checks: readonly CheckResult[];
}

/** The problems of a run, one group per check id and kind, failures first, then errors, warnings, waived. */
export function problemGroups(results: RunResults): ProblemGroup[] {
  const groups = new Map<string, { kind: ProblemKind; id: string; checks: CheckResult[] }>();
  for (const check of results.checks) {
    const kind = problemKind(check);
    if (kind === undefined) continue;
    const key = `${kind} ${check.id}`;
    const group = groups.get(key) ?? { kind, id: check.id, checks: [] };
    group.checks.push(check);
    groups.set(key, group);
  }
  const order: readonly ProblemKind[] = ['FAIL', 'ERROR', 'WARN', 'WAIVED'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.id.localeCompare(b.id));
}

/** Where a group applies: "(getAccount)", "on 3 operations (a, b, c)", or nothing for a check about the API as a whole. */
export function operationsText(checks: readonly CheckResult[]): string {
  const operations = checks.map((c) => c.operation).filter((o): o is string => o !== null);
  if (operations.length === 0) return '';
  if (operations.length === 1) return ` (${operations[0] ?? ''})`;
  const named = operations.slice(0, MAX_OPERATIONS_NAMED).join(', ');
  return ` on ${operations.length} operations (${named}${operations.length > MAX_OPERATIONS_NAMED ? ', …' : ''})`;
}

export function renderConsoleSummary(results: RunResults, reportPaths: readonly string[]): string {
  const s = results.summary;
  const target = results.target.embedded
    ? `${results.target.baseUrl} (embedded reference server${results.target.referenceProfile === 'realistic' ? ', realistic profile' : ''}${results.target.faults.length > 0 ? `, faults: ${results.target.faults.join(', ')}` : ''})`
    : results.target.baseUrl;
  const lines = [
    `dify-conformance ${results.suite.version} · ${target}`,
    `checks: ${s.passed} passed, ${s.failed} failed, ${s.warnings} warnings, ${s.skipped} skipped, ${s.errored} errored · ${s.exchanges} requests · ${(results.run.durationMs / 1000).toFixed(1)} s · seed ${results.run.seed}`,
    `coverage: ${coverageLine(results.coverage)}`,
    `latency: ${latencyLine(results.latency)}`,
    ...scopeLines(results),
  ];
  const groups = problemGroups(results);
  for (const group of groups.slice(0, MAX_LISTED)) {
    lines.push(`  ${group.kind.padEnd(5)} ${group.id}${operationsText(group.checks)}: ${group.checks[0]?.message ?? ''}`);
  }
  if (groups.length > MAX_LISTED) lines.push(`  … and ${groups.length - MAX_LISTED} more checks in the reports`);
  for (const error of results.suiteErrors.slice(0, MAX_LISTED)) lines.push(`  ERROR suite: ${error.where}: ${error.message}`);
  const skipReasons = new Map<string, number>();
  for (const check of results.checks.filter((c) => c.status === 'skipped')) skipReasons.set(check.message, (skipReasons.get(check.message) ?? 0) + 1);
  for (const [reason, count] of [...skipReasons].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`  skipped ×${count}: ${reason}`);
  for (const waiver of results.waivers?.stale ?? [])
    lines.push(`  STALE waiver ${waiver.check}${waiver.operation === undefined ? '' : ` (${waiver.operation})`}: the check no longer fails; remove the waiver`);
  for (const waiver of results.waivers?.expired ?? [])
    lines.push(`  EXPIRED waiver ${waiver.check}${waiver.operation === undefined ? '' : ` (${waiver.operation})`} (expired ${waiver.expires ?? ''})`);
  for (const leak of results.leaks)
    lines.push(`  LEAK  ${leak.kind} ${leak.name} was still there after the run: ${leak.removed ? 'removed by the audit' : 'could NOT be removed'}`);
  if (groups.length > 0 && results.run.mergedFrom === undefined) lines.push(`replay: ${replayLine(results)}`);
  lines.push(`reports: ${reportPaths.join(', ')}`);
  lines.push(verdictLine(results));
  return lines.join('\n');
}

function verdictLine(results: RunResults): string {
  const s = results.summary;
  const rule = s.failOn === 'should' ? 'MUST or SHOULD' : 'required';
  const warnings = s.warnings > 0 ? `; ${s.warnings} warning(s)` : '';
  return s.verdict === 'pass'
    ? `verdict: PASS (no ${rule} check failed or errored${warnings})`
    : `verdict: FAIL (${s.requiredFailed} ${rule} check(s) failed, ${s.requiredErrored} errored${warnings})`;
}

/** What narrowed the run or widened the result: a shard, a selection, a merge, a stricter verdict. */
export function scopeLines(results: RunResults): string[] {
  const { shard, selection, mergedFrom, plan } = results.run;
  return [
    ...(plan === undefined ? [] : [`plan: about ${plan.requests} requests in about ${plan.seconds} s expected; ${plan.sentRequests} sent`]),
    ...(plan?.budget === undefined
      ? []
      : [
          `budget: ${plan.budget} requests; left out ${plan.leftOut.map((l) => `${l.file} (${l.requests})`).join(', ') || 'nothing'}; ${plan.unjudged.length} check(s) left unjudged${plan.unjudged.length > 0 ? ` (${plan.unjudged.slice(0, 6).join(', ')}${plan.unjudged.length > 6 ? ', …' : ''})` : ''}; raise or drop --budget to judge them`,
        ]),
    ...(shard === undefined
      ? []
      : [`shard: ${shard.index}/${shard.count} of the suite files; join the shards' results.json files with dify-conformance merge`]),
    ...(selection === undefined
      ? []
      : [
          `selection: ${[selection.only.length > 0 ? `--only ${selection.only.join(',')}` : '', selection.skip.length > 0 ? `--skip ${selection.skip.join(',')}` : ''].filter((p) => p !== '').join(' ')} (${selection.checks} checks judged)`,
        ]),
    ...(mergedFrom === undefined ? [] : [`merged: ${mergedFrom.length} results files (${mergedFrom.map((p) => `${p.file}: ${p.verdict}`).join(', ')})`]),
    ...(results.summary.failOn === 'should' ? ['fail-on: should (SHOULD failures fail the run)'] : []),
  ];
}
