/**
 * `dify-conformance merge`: joins the results.json files of shards (--shard
 * i/n on several CI machines) or of several deployments into one result and
 * one verdict. Checks fold as they do within a run (failed beats errored beats
 * passed beats skipped); coverage and latency are recomputed from the joined
 * exchanges. A shard missing from a set is a suite error: an incomplete run
 * never reads as a pass. Waivers are not carried over: pass --baseline to merge.
 * The merged verdict is decided afresh by merge's own --fail-on rule.
 */
import { ConfigError } from '../config/config-error.ts';
import type { CheckOutcome, ExchangeSummary, Outcome } from '../model/outcome.ts';
import { worstOutcome } from '../model/outcome.ts';
import type { Coverage } from './coverage.ts';
import { computeLatency } from './latency.ts';
import { byCheckAndOperation, foldedResult, summarize, type CheckResult, type MergedPart, type RunResults, type SuiteError } from './run-results.ts';
import { failsTheRun, type FailOn } from './verdict.ts';

export interface MergeInput {
  readonly file: string;
  readonly results: RunResults;
}

function mergeChecks(lists: readonly (readonly CheckResult[])[], failOn: FailOn): CheckResult[] {
  const merged = new Map<string, { first: CheckResult; status: Outcome; occurrences: Record<Outcome, number>; details: CheckOutcome[]; durationMs: number }>();
  for (const checks of lists) {
    for (const check of checks) {
      const key = `${check.id}|${check.operation ?? ''}`;
      const entry = merged.get(key);
      if (entry === undefined) {
        merged.set(key, {
          first: check,
          status: check.status,
          occurrences: { ...check.occurrences },
          details: [...check.details],
          durationMs: check.durationMs ?? 0,
        });
        continue;
      }
      entry.status = worstOutcome(entry.status, check.status);
      for (const outcome of Object.keys(entry.occurrences) as Outcome[]) entry.occurrences[outcome] += check.occurrences[outcome];
      entry.details.push(...check.details);
      entry.durationMs += check.durationMs ?? 0;
    }
  }
  return [...merged.values()]
    .map(({ first, status, occurrences, details, durationMs }) =>
      foldedResult({ ...first, required: failsTheRun(first.level, failOn) }, status, occurrences, details, durationMs),
    )
    .sort(byCheckAndOperation);
}

/** What identifies a target across runs: its URL, or for the embedded server (a new port each run) its faults. */
function targetKey(results: RunResults): string {
  return results.target.embedded
    ? `the embedded reference server${results.target.faults.length > 0 ? ` (faults ${results.target.faults.join(',')})` : ''}`
    : results.target.baseUrl;
}

/** Per target, the shards of each set must be there once each; a missing one is a suite error, a repeated one a usage error. */
function shardProblems(parts: readonly MergeInput[]): SuiteError[] {
  const problems: SuiteError[] = [];
  const sets = new Map<string, Map<number, string>>();
  for (const { file, results } of parts) {
    const shard = results.run.shard;
    if (shard === undefined) continue;
    const key = JSON.stringify([targetKey(results), shard.count]);
    const seen = sets.get(key) ?? new Map<number, string>();
    const earlier = seen.get(shard.index);
    if (earlier !== undefined)
      throw new ConfigError(`shard ${shard.index}/${shard.count} of ${targetKey(results)} is in both ${earlier} and ${file}; merge each shard once`);
    seen.set(shard.index, file);
    sets.set(key, seen);
  }
  for (const [key, seen] of sets) {
    const [target, count] = JSON.parse(key) as [string, number];
    for (let index = 1; index <= count; index++) {
      if (!seen.has(index)) problems.push({ where: 'merge', message: `shard ${index}/${count} of ${target} is missing: its checks were not run` });
    }
  }
  return problems;
}

function same<T>(values: readonly T[]): boolean {
  return values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));
}

export function mergeResults(
  parts: readonly MergeInput[],
  coverageOf: (exchanges: readonly ExchangeSummary[]) => Coverage,
  runId: string,
  failOn: FailOn,
): RunResults {
  const [first] = parts;
  if (first === undefined) throw new ConfigError('merge needs at least one results.json file');
  const all = parts.map((p) => p.results);
  const checks = mergeChecks(
    all.map((r) => r.checks),
    failOn,
  );
  const suiteErrors = [
    ...parts.flatMap(({ file, results }) => results.suiteErrors.map((e) => ({ where: `${file}: ${e.where}`, message: e.message }))),
    ...shardProblems(parts),
  ];
  const exchanges = all.flatMap((r) => r.exchanges);
  const startedAt = all.map((r) => r.run.startedAt).sort()[0] ?? first.results.run.startedAt;
  const finishedAt =
    all
      .map((r) => r.run.finishedAt)
      .sort()
      .at(-1) ?? first.results.run.finishedAt;
  const targets = [...new Set(all.map(targetKey))];
  const baseUrls = [...new Set(all.map((r) => r.target.baseUrl))];
  const mergedFrom: MergedPart[] = parts.map(({ file, results }) => ({
    file,
    runId: results.run.runId,
    baseUrl: results.target.baseUrl,
    ...(results.run.shard === undefined ? {} : { shard: results.run.shard }),
    verdict: results.summary.verdict,
  }));
  const selections = all.map((r) => r.run.selection);
  return {
    schema: first.results.schema,
    suite: first.results.suite,
    target:
      targets.length === 1
        ? first.results.target
        : {
            baseUrl: `${baseUrls.length} targets: ${baseUrls.join(', ')}`,
            embedded: all.every((r) => r.target.embedded),
            faults: [...new Set(all.flatMap((r) => r.target.faults))],
            serverVersion: all.map((r) => ({ baseUrl: r.target.baseUrl, serverVersion: r.target.serverVersion })),
          },
    run: {
      runId,
      profile: same(all.map((r) => r.run.profile)) ? first.results.run.profile : 'mixed',
      seed: first.results.run.seed,
      startedAt,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
      ...(same(selections) && selections[0] !== undefined ? { selection: selections[0] } : {}),
      mergedFrom,
    },
    config: first.results.config,
    summary: summarize(checks, suiteErrors.length, exchanges.length, failOn),
    checks,
    suiteErrors,
    coverage: coverageOf(exchanges),
    timelines: all.flatMap((r) => r.timelines),
    cleanupProblems: all.flatMap((r) => r.cleanupProblems),
    created: all.flatMap((r) => r.created),
    leaks: all.flatMap((r) => r.leaks),
    exchanges,
    latency: computeLatency(exchanges, first.results.latency),
  };
}
