/**
 * The vitest wrapper every suite test uses. A test declares the checks it
 * decides; the check ids go into its name, its outcomes into the task meta
 * that the results reporter reads. A test that throws leaves its undecided
 * checks errored (a suite error, never a server failure); a test that skips
 * leaves them skipped with the reason.
 */
import { test } from 'vitest';
import type { CheckDefinition } from '../checks/check.ts';
import { isRequired } from '../checks/check.ts';
import { findCheck } from '../checks/catalogue.ts';
import type { TestRecord } from '../model/outcome.ts';
import { Recorder } from './recorder.ts';
import { ConformanceTestContext } from './test-context.ts';
import { SkipSignal, TransportFailure } from './test-signals.ts';
import { workerHarness } from './worker-harness.ts';

export type { AuthMode, CallOptions } from './operation-request.ts';
export { ConformanceTestContext, type PropertyResult, type StreamedExchange, type StreamOptions } from './test-context.ts';
export { SkipSignal, TransportFailure } from './test-signals.ts';

export interface ConformanceTestOptions {
  readonly timeoutMs?: number;
  /** The operation the test is about: skips and errors of its undecided checks are filed under it. */
  readonly operation?: string;
}

/** Declares a vitest test that decides the given checks. */
export function conformanceTest(
  checks: readonly CheckDefinition[],
  title: string,
  body: (t: ConformanceTestContext) => Promise<void>,
  options: ConformanceTestOptions = {},
): void {
  const ids = checks.map((c) => c.id);
  for (const id of ids) {
    if (findCheck(id) === undefined) throw new Error(`test "${title}" declares ${id}, which is not in the check catalogue`);
  }
  test(
    `[${ids.join(' ')}] ${title}`,
    async ({ task, skip }) => {
      const harness = workerHarness();
      const recorder = new Recorder(ids, harness.evidence);
      const record = await runTestBody(new ConformanceTestContext(harness, recorder), recorder, body, options.operation ?? null);
      (task.meta as Record<string, unknown>)['dify'] = record;

      const requiredFailures = record.outcomes.filter(
        (o) => (o.status === 'failed' || o.status === 'errored') && isRequired(findCheck(o.checkId) ?? { level: 'MUST' }),
      );
      if (requiredFailures.length > 0) {
        throw new Error(requiredFailures.map((o) => `${o.checkId} ${o.status}${o.operation === null ? '' : ` on ${o.operation}`}: ${o.message}`).join('\n'));
      }
      const declaredOutcomes = record.outcomes.filter((o) => ids.includes(o.checkId));
      if (declaredOutcomes.length > 0 && declaredOutcomes.every((o) => o.status === 'skipped')) {
        skip(declaredOutcomes[0]?.message);
      }
    },
    options.timeoutMs,
  );
}

/**
 * Runs a test's body and its cleanups, and settles the checks it left undecided by how it
 * ended: skipped, errored for want of an answer, or errored by the suite's own error.
 */
export async function runTestBody(
  t: ConformanceTestContext,
  recorder: Recorder,
  body: (t: ConformanceTestContext) => Promise<void>,
  operation: string | null,
): Promise<TestRecord> {
  try {
    await body(t);
  } catch (error) {
    if (error instanceof SkipSignal) {
      recorder.settleUndecided('skipped', error.message, operation);
    } else if (error instanceof TransportFailure) {
      recorder.settleUndecided('errored', `the server gave no answer: ${error.message}`, error.exchange.operationId ?? operation, error.exchange);
    } else {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      recorder.settleUndecided('errored', `suite error: ${message}`, operation);
    }
  } finally {
    await t.runCleanups();
  }
  recorder.settleUndecided('errored', 'suite error: the test ended without deciding this check', operation);
  return recorder.toRecord();
}
