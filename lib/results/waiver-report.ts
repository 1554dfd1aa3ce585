/** A waiver as its file gives it, and what a run reports of the waivers it was given (lib/results/waivers.ts). */

export interface Waiver {
  /** The check id. */
  readonly check: string;
  /** The operation; absent waives the check on every operation. */
  readonly operation?: string;
  readonly reason: string;
  /** ISO date (YYYY-MM-DD) after which the waiver no longer applies. */
  readonly expires?: string;
}

export interface WaiverReport {
  readonly file: string;
  readonly strict: boolean;
  readonly applied: readonly Waiver[];
  readonly stale: readonly Waiver[];
  readonly expired: readonly Waiver[];
}
