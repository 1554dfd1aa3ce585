/**
 * --fail-on for the commands that judge results files (compare, merge): the
 * flag, else DIFY_FAIL_ON, else the rule the files themselves were judged by.
 */
import { parseFailOn } from '../config/load-config.ts';
import type { RunResults } from '../results/run-results.ts';
import { DEFAULT_FAIL_ON, failOnOf, type FailOn } from '../results/verdict.ts';

export function failOnFor(flags: ReadonlyMap<string, string>, env: Readonly<Record<string, string | undefined>>, files: readonly RunResults[]): FailOn {
  const flag = flags.get('--fail-on');
  if (flag !== undefined) return parseFailOn(flag, '--fail-on');
  const fromEnv = env['DIFY_FAIL_ON'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseFailOn(fromEnv, 'DIFY_FAIL_ON (environment)');
  const rules = new Set(files.map(failOnOf));
  return rules.size === 1 ? ([...rules][0] ?? DEFAULT_FAIL_ON) : DEFAULT_FAIL_ON;
}
