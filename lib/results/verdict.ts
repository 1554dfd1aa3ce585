/**
 * Which failures fail a run. By default only MUST failures do, and a failed
 * SHOULD check is a warning; `--fail-on should` (DIFY_FAIL_ON=should) makes
 * SHOULD failures fail the run too, for vendors who certify against the
 * documented behaviour as well. MAY failures never fail a run. `run`,
 * `merge` and `compare` all decide with this rule.
 */
import type { Level } from '../model/outcome.ts';

export type FailOn = 'must' | 'should';

export const DEFAULT_FAIL_ON: FailOn = 'must';

/** Whether a failure of a check of this level fails the run. */
export function failsTheRun(level: Level, failOn: FailOn): boolean {
  return level === 'MUST' || (failOn === 'should' && level === 'SHOULD');
}

/** The rule a results file was judged by (files written before the setting existed were judged by MUST). */
export function failOnOf(results: { readonly summary: { readonly failOn?: FailOn } }): FailOn {
  return results.summary.failOn ?? DEFAULT_FAIL_ON;
}
