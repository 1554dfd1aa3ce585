/**
 * Release-to-release comparison of two results.json files: what newly fails,
 * what was fixed, what is newly skipped, how coverage moved, and which
 * operations got markedly slower. The regression check after an upgrade.
 * Latency is information, never a verdict. A regression is decided with the
 * rule of `run` (verdict.ts): a check that newly fails is a regression when
 * its failure would fail the run, a newly failing SHOULD check without
 * --fail-on should is a new warning, and a newly errored check is a
 * regression.
 */
import type { CheckResult, RunResults } from './run-results.ts';
import { failsTheRun, type FailOn } from './verdict.ts';

export interface ComparedCheck {
  readonly id: string;
  readonly operation: string | null;
  readonly before: string;
  readonly after: string;
  readonly message: string;
}

export interface Comparison {
  /** The rule the regression was decided by. */
  readonly failOn: FailOn;
  /** Newly failing or errored checks whose failure fails a run: the regressions. */
  readonly newlyFailing: readonly ComparedCheck[];
  /** Newly failing checks whose failure does not fail a run (SHOULD under --fail-on must, MAY). */
  readonly newWarnings: readonly ComparedCheck[];
  readonly fixed: readonly ComparedCheck[];
  readonly newlySkipped: readonly ComparedCheck[];
  readonly coverage: {
    readonly before: string;
    readonly after: string;
    readonly newlyExercised: readonly string[];
    readonly noLongerExercised: readonly string[];
  };
  /** Operations whose p95 grew by half and by 5 ms or more; absent when a file has no latency figures. */
  readonly slower?: readonly SlowerOperation[];
  /** Set when the two runs were made with different concurrency or pacing, which moves latency. */
  readonly latencyCaveat?: string;
}

export interface SlowerOperation {
  readonly operation: string;
  readonly method: string;
  readonly beforeP95Ms: number;
  readonly afterP95Ms: number;
}

/** How much slower counts: p95 at least 1.5 times and 5 ms above the run before. */
const SLOWER_FACTOR = 1.5;
const SLOWER_MS = 5;

function slowerOperations(before: RunResults, after: RunResults): Pick<Comparison, 'slower' | 'latencyCaveat'> {
  // Files written before latency was recorded have none.
  const a = (before as Partial<RunResults>).latency;
  const b = (after as Partial<RunResults>).latency;
  if (a === undefined || b === undefined) return {};
  const old = new Map(a.operations.map((o) => [`${o.operation} ${o.method}`, o]));
  const slower = b.operations.flatMap((o) => {
    const was = old.get(`${o.operation} ${o.method}`);
    if (was === undefined || o.p95Ms < was.p95Ms * SLOWER_FACTOR || o.p95Ms - was.p95Ms < SLOWER_MS) return [];
    return [{ operation: o.operation, method: o.method, beforeP95Ms: was.p95Ms, afterP95Ms: o.p95Ms }];
  });
  const differs = a.concurrency !== b.concurrency || a.maxRequestsPerMinute !== b.maxRequestsPerMinute;
  return {
    slower,
    ...(differs
      ? {
          latencyCaveat: `the runs differ in concurrency or pacing (${a.concurrency}, ${a.maxRequestsPerMinute}/min → ${b.concurrency}, ${b.maxRequestsPerMinute}/min), which moves latency`,
        }
      : {}),
  };
}

const key = (c: Pick<CheckResult, 'id' | 'operation'>): string => `${c.id} ${c.operation ?? ''}`.trim();
const bad = (status: string | undefined): boolean => status === 'failed' || status === 'errored';

export function compareResults(before: RunResults, after: RunResults, failOn: FailOn): Comparison {
  const old = new Map(before.checks.map((c) => [key(c), c]));
  const now = new Map(after.checks.map((c) => [key(c), c]));
  const newlyFailing: ComparedCheck[] = [];
  const newWarnings: ComparedCheck[] = [];
  const fixed: ComparedCheck[] = [];
  const newlySkipped: ComparedCheck[] = [];
  for (const [k, c] of now) {
    const was = old.get(k)?.status ?? 'absent';
    const entry = { id: c.id, operation: c.operation, before: was, after: c.status, message: c.message };
    if (bad(c.status) && !bad(was)) (c.status === 'errored' || failsTheRun(c.level, failOn) ? newlyFailing : newWarnings).push(entry);
    else if (c.status === 'passed' && bad(was)) fixed.push(entry);
    else if (c.status === 'skipped' && was !== 'skipped' && was !== 'absent') newlySkipped.push(entry);
  }
  for (const [k, c] of old) {
    if (!now.has(k) && bad(c.status)) fixed.push({ id: c.id, operation: c.operation, before: c.status, after: 'absent', message: 'no longer reported' });
  }
  const cells = (r: RunResults): Set<string> => new Set(r.coverage.cells.filter((c) => c.exercised).map((c) => `${c.operation} ${c.code}`));
  const a = cells(before);
  const b = cells(after);
  const line = (r: RunResults): string =>
    `${r.coverage.operationsExercised}/${r.coverage.operations} operations, ${r.coverage.responsesExercised}/${r.coverage.responses} responses`;
  return {
    failOn,
    newlyFailing,
    newWarnings,
    fixed,
    newlySkipped,
    coverage: { before: line(before), after: line(after), newlyExercised: [...b].filter((c) => !a.has(c)), noLongerExercised: [...a].filter((c) => !b.has(c)) },
    ...slowerOperations(before, after),
  };
}

export function renderComparison(c: Comparison, before: RunResults, after: RunResults): string {
  const item = (x: ComparedCheck): string =>
    `  ${x.id}${x.operation === null ? '' : ` (${x.operation})`}: ${x.before} → ${x.after}${x.message === '' ? '' : `: ${x.message}`}`;
  return [
    `compare: ${before.target.baseUrl} (${before.run.startedAt}) → ${after.target.baseUrl} (${after.run.startedAt})`,
    `newly failing: ${c.newlyFailing.length}`,
    ...c.newlyFailing.map(item),
    `new warnings: ${c.newWarnings.length}${c.failOn === 'must' ? ' (SHOULD failures; --fail-on should makes them regressions)' : ''}`,
    ...c.newWarnings.map(item),
    `fixed: ${c.fixed.length}`,
    ...c.fixed.map(item),
    `newly skipped: ${c.newlySkipped.length}`,
    ...c.newlySkipped.map(item),
    `coverage: ${c.coverage.before} → ${c.coverage.after}`,
    ...c.coverage.newlyExercised.map((x) => `  + ${x}`),
    ...c.coverage.noLongerExercised.map((x) => `  - ${x}`),
    ...(c.slower === undefined
      ? []
      : [
          `slower (p95 ×${SLOWER_FACTOR} and +${SLOWER_MS} ms or more): ${c.slower.length}${c.latencyCaveat === undefined ? '' : `; note: ${c.latencyCaveat}`}`,
          ...c.slower.map((x) => `  ${x.operation} ${x.method}: p95 ${x.beforeP95Ms} ms → ${x.afterP95Ms} ms`),
        ]),
    c.newlyFailing.length === 0 ? `verdict: no regression (fail-on ${c.failOn})` : `verdict: REGRESSION (something newly fails; fail-on ${c.failOn})`,
  ].join('\n');
}
