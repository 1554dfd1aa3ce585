import type { Exchange } from './exchange.ts';

/**
 * The closed set of outcomes (style.md rule 7) and the record of one check
 * applied once. All reports are built from lists of these.
 */

export type Outcome = 'passed' | 'failed' | 'skipped' | 'errored';
export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** A rule the server broke, as found by a check. */
export interface Violation {
  readonly message: string;
  readonly expected?: string;
  readonly observed?: string;
  /** The exchange that broke the rule, when the check judged several (the page with the duplicate). */
  readonly evidence?: Exchange;
}

/** Evidence kept with a failed or errored outcome. */
export interface Evidence {
  readonly method: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly status?: number;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseBody?: string;
  readonly transportError?: string;
  readonly curl: string;
}

export interface CheckOutcome {
  readonly checkId: string;
  /** The spec operation the check was applied to; null for checks about the API as a whole. */
  readonly operation: string | null;
  readonly status: Outcome;
  /** For failed: what was violated; for skipped and errored: why. Empty for passed. */
  readonly message: string;
  readonly expected?: string;
  readonly observed?: string;
  readonly evidence?: Evidence;
  /** Fuzzing seed and shrunk input, when the input was generated. */
  readonly seed?: number;
  readonly counterexample?: string;
  /** How many times this outcome was seen (passes of a check on one operation are folded into one record). */
  readonly count?: number;
}

/** One exchange, reduced to what the latency and coverage tables need. */
export interface ExchangeSummary {
  readonly operation: string | null;
  readonly method: string;
  readonly status: number | null;
  readonly ms: number;
  /** Streams: milliseconds to the first event, and how many events came. */
  readonly firstEventMs?: number;
  readonly events?: number;
}

/** One step of a stateful flow, for timelines in the report (the device flow's polls and waits). */
export interface TimelineEntry {
  /** Milliseconds since the test started. */
  readonly atMs: number;
  readonly label: string;
  readonly detail: string;
}

/** What one suite test hands to the reporter through vitest's task meta. */
export interface TestRecord {
  readonly declared: readonly string[];
  readonly outcomes: readonly CheckOutcome[];
  readonly exchanges: readonly ExchangeSummary[];
  /** Named timelines of the test, e.g. "device flow (approve)". */
  readonly timelines?: readonly { readonly name: string; readonly entries: readonly TimelineEntry[] }[];
  /** Cleanup steps that failed; they never change an outcome but are reported. */
  readonly cleanupProblems?: readonly string[];
  /** What the test created on the server. */
  readonly created?: readonly CreatedResource[];
}

/** Something a run created on the server under test. */
export interface CreatedResource {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  /** What happens to it: removed by the run, or kept and reused by the next run. */
  readonly fate: 'removed' | 'kept for reuse' | 'cannot be removed through the API';
}

const PRECEDENCE: Readonly<Record<Outcome, number>> = { skipped: 0, passed: 1, errored: 2, failed: 3 };

/** The outcome of a check applied many times: a definite failure wins, then an error, then a pass. */
export function worstOutcome(a: Outcome, b: Outcome): Outcome {
  return PRECEDENCE[a] >= PRECEDENCE[b] ? a : b;
}
