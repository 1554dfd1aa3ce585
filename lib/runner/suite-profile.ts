/**
 * What each suite file costs and judges, as scripts/measure-suite-files.ts
 * measured it (`npm run measure-suites`): the requests it sends, how many of
 * them carry the token (the ones a real server's per-token limit counts and
 * the run paces), its own time unpaced, and the checks it judges. A run plans
 * from it before the first check; shards are dealt and a --budget is spent
 * by it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './suite-info.ts';

export const SUITE_PROFILE_FILE = 'lib/runner/suite-profile.json';

export interface SuiteFileProfile {
  readonly requests: number;
  readonly tokenRequests: number;
  /** Seconds the file takes unpaced, its protocol waits (device-code polling, expiry) included. */
  readonly seconds: number;
  /** Ids of the checks the file judged (passed or failed) against the ideal reference server. */
  readonly checks: readonly string[];
}

export interface SuiteProfile {
  /** The date of the measurement (YYYY-MM-DD). */
  readonly measuredAt: string;
  /** What a run costs besides its files: preflight, console identity check, leak audit, start-up. */
  readonly overhead: { readonly tokenRequests: number; readonly seconds: number };
  readonly files: Readonly<Record<string, SuiteFileProfile>>;
}

let loaded: SuiteProfile | undefined;

export function suiteProfile(): SuiteProfile {
  loaded ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, SUITE_PROFILE_FILE), 'utf8')) as SuiteProfile;
  return loaded;
}

/** The profile of a file; a file not yet measured counts as an average one that judges nothing known. */
export function fileProfile(name: string, profile: SuiteProfile = suiteProfile()): SuiteFileProfile {
  const known = profile.files[name];
  if (known !== undefined) return known;
  const all = Object.values(profile.files);
  const mean = (pick: (f: SuiteFileProfile) => number): number => Math.round(all.reduce((sum, f) => sum + pick(f), 0) / Math.max(1, all.length));
  return { requests: mean((f) => f.requests), tokenRequests: mean((f) => f.tokenRequests), seconds: mean((f) => f.seconds), checks: [] };
}
