/**
 * The plan a run states before its first check: which suite files it runs,
 * how many requests it expects to send and, paced, how long that takes. With
 * a request budget (--budget N) it runs the files that catch the most faults
 * per request until the budget is spent, and says which checks it leaves
 * unjudged. Estimates come from the measured suite profile (suite-profile.ts).
 */
import type { FaultDefinition } from '../reference-server/faults.ts';
import { fileProfile, suiteProfile, type SuiteProfile } from './suite-profile.ts';

export interface PlanOptions {
  /** Requests per minute per token; 0 is unpaced. */
  readonly requestsPerMinute: number;
  readonly concurrency: number;
  /** At most this many requests (--budget); none when absent. */
  readonly budget?: number;
}

export interface RequestPlan {
  /** The files to run, in the order given. */
  readonly files: readonly string[];
  /** Requests the files are expected to send (the run's own few not counted). */
  readonly requests: number;
  /** Expected wall time in seconds, pacing included. */
  readonly seconds: number;
  readonly budget?: number;
  /** Files left out to stay within the budget, with the checks no chosen file judges. */
  readonly leftOut: readonly { readonly file: string; readonly requests: number }[];
  readonly unjudged: readonly string[];
}

/** Expected wall time: the files' own time shared by the workers, or the paced token requests, whichever is longer. */
function estimateSeconds(files: readonly string[], options: PlanOptions, profile: SuiteProfile): number {
  const work = files.reduce((sum, f) => sum + fileProfile(f, profile).seconds, 0) / Math.max(1, options.concurrency);
  const tokenRequests = profile.overhead.tokenRequests + files.reduce((sum, f) => sum + fileProfile(f, profile).tokenRequests, 0);
  const paced = options.requestsPerMinute === 0 ? 0 : (tokenRequests * 60) / options.requestsPerMinute;
  return Math.round(profile.overhead.seconds + Math.max(work, paced));
}

/** The faults a file's checks catch (a fault is caught by any of its caughtBy checks). */
function faultsCaught(checks: ReadonlySet<string>, faults: readonly FaultDefinition[]): Set<string> {
  return new Set(faults.filter((f) => f.caughtBy.some((id) => checks.has(id))).map((f) => f.name));
}

/**
 * Within the budget: repeatedly the file that catches the most faults not yet
 * caught per request (new checks judged break ties), until no file that adds
 * anything fits in what remains.
 */
function chooseWithin(files: readonly string[], budget: number, faults: readonly FaultDefinition[], profile: SuiteProfile): string[] {
  const chosen: string[] = [];
  const caught = new Set<string>();
  const judged = new Set<string>();
  let left = budget;
  for (;;) {
    let best: { file: string; score: number } | undefined;
    for (const file of files.filter((f) => !chosen.includes(f))) {
      const p = fileProfile(file, profile);
      if (p.requests > left) continue;
      const newFaults = [...faultsCaught(new Set(p.checks), faults)].filter((f) => !caught.has(f)).length;
      const newChecks = p.checks.filter((c) => !judged.has(c)).length;
      const value = newFaults + newChecks / 10;
      if (value === 0) continue;
      const score = value / Math.max(1, p.requests);
      if (best === undefined || score > best.score) best = { file, score };
    }
    if (best === undefined) break;
    const p = fileProfile(best.file, profile);
    chosen.push(best.file);
    left -= p.requests;
    for (const f of faultsCaught(new Set(p.checks), faults)) caught.add(f);
    for (const c of p.checks) judged.add(c);
  }
  return files.filter((f) => chosen.includes(f));
}

export function planRequests(
  files: readonly string[],
  options: PlanOptions,
  faults: readonly FaultDefinition[],
  profile: SuiteProfile = suiteProfile(),
): RequestPlan {
  const chosen = options.budget === undefined ? [...files] : chooseWithin(files, options.budget, faults, profile);
  const leftOut = files.filter((f) => !chosen.includes(f));
  const judged = new Set(chosen.flatMap((f) => fileProfile(f, profile).checks));
  const unjudged = [...new Set(leftOut.flatMap((f) => fileProfile(f, profile).checks))].filter((c) => !judged.has(c)).sort();
  return {
    files: chosen,
    requests: chosen.reduce((sum, f) => sum + fileProfile(f, profile).requests, 0),
    seconds: estimateSeconds(chosen, options, profile),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    leftOut: leftOut.map((file) => ({ file, requests: fileProfile(file, profile).requests })),
    unjudged,
  };
}

function duration(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}

/** The plan in one line, printed before the first check. */
export function planLine(plan: RequestPlan, options: PlanOptions): string {
  const pacing = options.requestsPerMinute === 0 ? 'unpaced' : `at ${options.requestsPerMinute} requests/min per token`;
  const budget =
    plan.budget === undefined
      ? ''
      : `; budget ${plan.budget} requests: ${plan.leftOut.length} file(s) left out (${plan.leftOut.map((l) => l.file).join(', ') || 'none'}), ${plan.unjudged.length} check(s) left unjudged`;
  return `plan: ${plan.files.length} suite file(s), about ${plan.requests} requests, about ${duration(plan.seconds)} ${pacing}${budget}`;
}
