/**
 * The result model of a run: one entry per check and operation, built from
 * the records of all suite tests. results.json is this object, and every other
 * report is rendered from it (style.md rule 10). docs/results-format.md
 * documents it.
 */
import type { CheckDefinition } from '../checks/check.ts';
import type { CheckOutcome, CreatedResource, ExchangeSummary, Level, Outcome, TestRecord, TimelineEntry } from '../model/outcome.ts';
import { worstOutcome } from '../model/outcome.ts';
import type { Coverage } from './coverage.ts';
import type { Latency } from './latency.ts';
import { DEFAULT_FAIL_ON, failsTheRun, type FailOn } from './verdict.ts';
import type { WaiverReport } from './waiver-report.ts';

export const RESULTS_SCHEMA_ID = 'dify-conformance/results/1';

export interface CheckResult {
  readonly id: string;
  readonly operation: string | null;
  readonly status: Outcome;
  /** Failed: the first violation; skipped and errored: the reason; passed: empty. */
  readonly message: string;
  readonly level: Level;
  /** Whether a failure of this check fails the run (MUST; SHOULD too under --fail-on should). A failed check that is not required is a warning. */
  readonly required: boolean;
  readonly area: string;
  readonly statement: string;
  readonly specRef: string;
  /** How often each outcome was seen for this check and operation. */
  readonly occurrences: Readonly<Record<Outcome, number>>;
  /** Kept failed, errored and skipped outcomes with their evidence. */
  readonly details: readonly CheckOutcome[];
  /** Time of the suite tests that decided this check on this operation, each test's time shared among the results it decided. */
  readonly durationMs?: number;
  /** Set when a waiver of the baseline covers this failure: the waiver's reason. */
  readonly waived?: string;
}

export interface SuiteError {
  readonly where: string;
  readonly message: string;
}

export interface Timeline {
  /** The suite test it belongs to. */
  readonly test: string;
  readonly name: string;
  readonly entries: readonly TimelineEntry[];
}

export interface Summary {
  readonly passed: number;
  /** Failed checks whose failure fails the run (waived ones included). */
  readonly failed: number;
  /** Failed checks whose failure does not fail the run (SHOULD without --fail-on should, MAY). */
  readonly warnings: number;
  readonly skipped: number;
  readonly errored: number;
  /** Failed checks that fail the run, less the waived ones. */
  readonly requiredFailed: number;
  /** Errored checks plus suite errors. */
  readonly requiredErrored: number;
  readonly exchanges: number;
  /** Failed checks a waiver covers (not counted in requiredFailed). */
  readonly waived?: number;
  /** The rule of the verdict: which failures fail the run (--fail-on). */
  readonly failOn: FailOn;
  readonly verdict: 'pass' | 'fail';
}

export interface RunPlanRecord {
  readonly files: readonly string[];
  /** Requests the plan expected, and requests the checks sent. */
  readonly requests: number;
  readonly sentRequests: number;
  /** Expected wall time in seconds, pacing included. */
  readonly seconds: number;
  readonly budget?: number;
  readonly leftOut: readonly { readonly file: string; readonly requests: number }[];
  /** Checks only the left-out files judge. */
  readonly unjudged: readonly string[];
}

export interface RunResults {
  readonly schema: typeof RESULTS_SCHEMA_ID;
  readonly suite: { readonly name: string; readonly version: string; readonly commit: string | null };
  readonly target: {
    readonly baseUrl: string;
    readonly embedded: boolean;
    readonly faults: readonly string[];
    /** The profile the embedded reference server played (embedded runs only). */
    readonly referenceProfile?: 'ideal' | 'realistic';
    readonly serverVersion: unknown;
  };
  readonly run: {
    readonly runId: string;
    readonly profile: string;
    readonly seed: number;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly durationMs: number;
    /** --shard i/n: this run covered one shard of the suite files. */
    readonly shard?: { readonly index: number; readonly count: number };
    /** --only/--skip: the terms, and how many checks they left to judge. */
    readonly selection?: { readonly only: readonly string[]; readonly skip: readonly string[]; readonly checks: number };
    /** Suite-file filters given as positional arguments (`run meta apps`). */
    readonly files?: readonly string[];
    /** The plan stated before the first check: files, expected requests and time, and what a --budget left out. */
    readonly plan?: RunPlanRecord;
    /** Set by `dify-conformance merge`: the results files this one joins. */
    readonly mergedFrom?: readonly MergedPart[];
  };
  readonly config: Readonly<Record<string, { readonly value: unknown; readonly source: string }>>;
  readonly summary: Summary;
  readonly checks: readonly CheckResult[];
  readonly suiteErrors: readonly SuiteError[];
  readonly coverage: Coverage;
  readonly timelines: readonly Timeline[];
  /** Cleanup steps that failed: what the run created and may have left behind. */
  readonly cleanupProblems: readonly string[];
  /** What the run created on the server and what became of it. */
  readonly created: readonly CreatedResource[];
  /** What the run created that was still there after it, and whether the audit removed it. */
  /** The baseline applied with --baseline. */
  readonly waivers?: WaiverReport;
  readonly leaks: readonly { readonly kind: string; readonly id: string; readonly name: string; readonly removed: boolean }[];
  readonly exchanges: readonly ExchangeSummary[];
  /** p50/p95/p99 per operation and to the first SSE event, with the concurrency and pacing behind them. */
  readonly latency: Latency;
}

/** One results.json that `merge` joined. */
export interface MergedPart {
  readonly file: string;
  readonly runId: string;
  readonly baseUrl: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly verdict: 'pass' | 'fail';
}

/** A suite test as the reporter saw it. */
export interface ObservedTest {
  readonly name: string;
  readonly file: string;
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  readonly errors: readonly string[];
  readonly record: TestRecord | undefined;
  /** How long the test took, as vitest measured it. */
  readonly durationMs?: number;
}

const ID_IN_NAME = /^\[([^\]]+)\]/;

/** Outcomes of one test; a test that died before writing its record errors the checks named in its title. */
function outcomesOf(test: ObservedTest): readonly CheckOutcome[] {
  if (test.record !== undefined) return test.record.outcomes;
  const ids = ID_IN_NAME.exec(test.name)?.[1]?.split(' ') ?? [];
  if (test.state === 'skipped' || test.state === 'pending') {
    return ids.map((checkId) => ({ checkId, operation: null, status: 'skipped', message: 'the test did not run (filtered out, or the run was interrupted)' }));
  }
  const reason = test.errors[0] ?? `the test ended in state ${test.state}`;
  return ids.map((checkId) => ({ checkId, operation: null, status: 'errored', message: `suite error: ${reason}` }));
}

/** Failed, errored and skipped applications kept per check and operation. */
const MAX_DETAILS = 10;

export type CheckIdentity = Pick<CheckResult, 'id' | 'operation' | 'level' | 'required' | 'area' | 'statement' | 'specRef'>;

/**
 * One check on one operation, folded from every time it was applied: the
 * worst status, its first message with how often it was seen, and the kept
 * details (skips only when the check was skipped altogether).
 */
export function foldedResult(
  identity: CheckIdentity,
  status: Outcome,
  occurrences: Readonly<Record<Outcome, number>>,
  details: readonly CheckOutcome[],
  durationMs: number,
): CheckResult {
  const first = details.find((d) => d.status === status);
  const extra = occurrences[status] > 1 && status !== 'passed' ? ` (seen ${occurrences[status]} times)` : '';
  const { id, operation, level, required, area, statement, specRef } = identity;
  return {
    id,
    operation,
    level,
    required,
    area,
    statement,
    specRef,
    status,
    message: status === 'passed' ? '' : `${first?.message ?? ''}${extra}`,
    occurrences,
    details: details.filter((d) => d.status !== 'skipped' || status === 'skipped').slice(0, MAX_DETAILS),
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

export function byCheckAndOperation(a: CheckResult, b: CheckResult): number {
  return a.id.localeCompare(b.id) || (a.operation ?? '').localeCompare(b.operation ?? '');
}

/** The counts and the verdict of a list of check results (waivers are applied afterwards). */
export function summarize(checks: readonly CheckResult[], suiteErrors: number, exchanges: number, failOn: FailOn): Summary {
  const count = (status: Outcome) => checks.filter((c) => c.status === status).length;
  const requiredFailed = checks.filter((c) => c.status === 'failed' && c.required).length;
  const requiredErrored = checks.filter((c) => c.status === 'errored').length + suiteErrors;
  return {
    passed: count('passed'),
    failed: requiredFailed,
    warnings: count('failed') - requiredFailed,
    skipped: count('skipped'),
    errored: count('errored') + suiteErrors,
    requiredFailed,
    requiredErrored,
    exchanges,
    failOn,
    verdict: requiredFailed + requiredErrored === 0 ? 'pass' : 'fail',
  };
}

/** Whether a check result is a warning: it failed, and its failure does not fail the run. */
export function isWarning(check: Pick<CheckResult, 'status' | 'required'>): boolean {
  return check.status === 'failed' && !check.required;
}

export interface AggregateInput {
  readonly tests: readonly ObservedTest[];
  readonly suiteErrors: readonly SuiteError[];
  readonly lookup: (id: string) => CheckDefinition | undefined;
  /** Checks the run judges (--only/--skip); outcomes of the others are left out. All when absent. */
  readonly selected?: (id: string) => boolean;
  /** Which failures fail the run; MUST ones when absent. */
  readonly failOn?: FailOn;
}

export function aggregate({
  tests,
  suiteErrors,
  lookup,
  selected = () => true,
  failOn = DEFAULT_FAIL_ON,
}: AggregateInput): Pick<RunResults, 'summary' | 'checks' | 'suiteErrors' | 'exchanges' | 'timelines' | 'cleanupProblems' | 'created'> {
  const entries = new Map<
    string,
    { id: string; operation: string | null; status: Outcome; occurrences: Record<Outcome, number>; details: CheckOutcome[]; durationMs: number }
  >();
  const exchanges: ExchangeSummary[] = [];
  const timelines: Timeline[] = [];
  const cleanupProblems: string[] = [];
  const created: CreatedResource[] = [];
  const errors = [...suiteErrors];
  for (const test of tests) {
    for (const timeline of test.record?.timelines ?? []) timelines.push({ test: test.name, ...timeline });
    cleanupProblems.push(...(test.record?.cleanupProblems ?? []));
    created.push(...(test.record?.created ?? []));
    if (test.record === undefined && ID_IN_NAME.exec(test.name) === null && test.state === 'failed') {
      errors.push({ where: `${test.file} › ${test.name}`, message: test.errors[0] ?? 'failed' });
    }
    exchanges.push(...(test.record?.exchanges ?? []));
    const outcomes = outcomesOf(test).filter((outcome) => selected(outcome.checkId));
    const keyOf = (outcome: CheckOutcome): string => `${outcome.checkId}|${outcome.operation ?? ''}`;
    // The test's time is shared among the results it decided, so the times add up to the run's.
    const share = (test.durationMs ?? 0) / Math.max(1, new Set(outcomes.map(keyOf)).size);
    const timed = new Set<string>();
    for (const outcome of outcomes) {
      const key = keyOf(outcome);
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = {
          id: outcome.checkId,
          operation: outcome.operation,
          status: outcome.status,
          occurrences: { passed: 0, failed: 0, skipped: 0, errored: 0 },
          details: [],
          durationMs: 0,
        };
        entries.set(key, entry);
      }
      if (!timed.has(key)) {
        entry.durationMs += share;
        timed.add(key);
      }
      entry.status = worstOutcome(entry.status, outcome.status);
      entry.occurrences[outcome.status] += outcome.count ?? 1;
      if (outcome.status !== 'passed') entry.details.push(outcome);
    }
  }

  const checks: CheckResult[] = [...entries.values()]
    .map((entry) => {
      const definition = lookup(entry.id);
      const level: Level = definition?.level ?? 'MUST';
      return foldedResult(
        {
          id: entry.id,
          operation: entry.operation,
          level,
          required: failsTheRun(level, failOn),
          area: definition?.area ?? 'unknown',
          statement: definition?.statement ?? '(not in the check catalogue)',
          specRef: definition?.specRef ?? '',
        },
        entry.status,
        entry.occurrences,
        entry.details,
        entry.durationMs,
      );
    })
    .sort(byCheckAndOperation);

  return {
    summary: summarize(checks, errors.length, exchanges.length, failOn),
    checks,
    suiteErrors: errors,
    timelines,
    cleanupProblems,
    created,
    exchanges,
  };
}
