/**
 * Waivers: known failures a vendor gates around while they are being fixed.
 * A waived failure is reported as waived, not failed; a waiver whose check now
 * passes is stale, and one past its expiry date is expired; with
 * --strict-baseline either fails the run.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/config-error.ts';
import type { CheckResult, RunResults } from './run-results.ts';
import type { Waiver } from './waiver-report.ts';

export type { Waiver } from './waiver-report.ts';

export function loadWaivers(path: string): Waiver[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError(
      `the baseline file ${path} cannot be read as JSON (${error instanceof Error ? error.message : String(error)}); see docs/waivers.md for its format`,
    );
  }
  const list = (parsed as { waivers?: unknown } | null)?.waivers;
  if (!Array.isArray(list)) throw new ConfigError(`the baseline file ${path} has no "waivers" list; see docs/waivers.md for its format`);
  return list.map((w, i) => {
    const item = w as Partial<Waiver>;
    if (typeof item.check !== 'string' || typeof item.reason !== 'string' || item.reason.trim() === '') {
      throw new ConfigError(`waiver ${i + 1} in ${path} needs a "check" id and a "reason"`);
    }
    if (item.expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(item.expires))
      throw new ConfigError(`waiver ${i + 1} in ${path}: "expires" must be a date like 2027-01-31`);
    return {
      check: item.check,
      reason: item.reason,
      ...(item.operation === undefined ? {} : { operation: item.operation }),
      ...(item.expires === undefined ? {} : { expires: item.expires }),
    };
  });
}

const matches = (w: Waiver, c: CheckResult): boolean => w.check === c.id && (w.operation === undefined || w.operation === c.operation);

/** Applies waivers to the results: waived failures leave the verdict; stale and expired waivers are listed. */
export function applyWaivers(results: RunResults, waivers: readonly Waiver[], file: string, strict: boolean, today: string): RunResults {
  const live = waivers.filter((w) => w.expires === undefined || w.expires >= today);
  const expired = waivers.filter((w) => w.expires !== undefined && w.expires < today);
  const checks = results.checks.map((c) => {
    const waiver = c.status === 'failed' ? live.find((w) => matches(w, c)) : undefined;
    return waiver === undefined ? c : { ...c, waived: waiver.reason };
  });
  const applied = live.filter((w) => checks.some((c) => c.waived !== undefined && matches(w, c)));
  const stale = live.filter((w) => !results.checks.some((c) => matches(w, c) && (c.status === 'failed' || c.status === 'errored')));
  const requiredFailed = checks.filter((c) => c.status === 'failed' && c.required && c.waived === undefined).length;
  const strictFailure = strict && (stale.length > 0 || expired.length > 0);
  return {
    ...results,
    checks,
    waivers: { file, strict, applied, stale, expired },
    summary: {
      ...results.summary,
      requiredFailed,
      waived: checks.filter((c) => c.waived !== undefined).length,
      verdict: requiredFailed + results.summary.requiredErrored === 0 && !strictFailure ? 'pass' : 'fail',
    },
  };
}
