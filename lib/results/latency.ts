/**
 * Latency of a run: p50/p95/p99 per operation and the time to the first SSE
 * event, computed from the exchanges results.json keeps, together with the
 * concurrency and pacing that produced them, so runs compare across releases.
 */
import type { ExchangeSummary } from '../model/outcome.ts';

export interface LatencyStats {
  /** Exchanges the figures are computed from. */
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface OperationLatency extends LatencyStats {
  readonly operation: string;
  readonly method: string;
}

export interface Latency {
  /** Suite files that ran at once (DIFY_CONCURRENCY). */
  readonly concurrency: number;
  /** Pacing of all requests, per minute; 0 when unpaced. */
  readonly maxRequestsPerMinute: number;
  /** Every answered exchange of the run. */
  readonly overall: LatencyStats | null;
  /** Request sent to last body byte (for a stream: to the end of the stream), per operation, slowest p95 first. */
  readonly operations: readonly OperationLatency[];
  /** Request sent to the first SSE event, per streaming operation. */
  readonly firstEvent: readonly OperationLatency[];
  /** Exchanges that got no answer (timeouts, resets); they have no latency and are not in the figures. */
  readonly unanswered: number;
}

/** The nearest-rank percentile of sorted values: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

export function latencyStats(values: readonly number[]): LatencyStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}

function perOperation(exchanges: readonly ExchangeSummary[], value: (e: ExchangeSummary) => number | undefined): OperationLatency[] {
  const groups = new Map<string, { operation: string; method: string; values: number[] }>();
  for (const e of exchanges) {
    const v = value(e);
    if (v === undefined || e.status === null) continue;
    const operation = e.operation ?? '(outside the spec)';
    const key = `${operation} ${e.method}`;
    const group = groups.get(key) ?? { operation, method: e.method, values: [] };
    group.values.push(v);
    groups.set(key, group);
  }
  const rows: OperationLatency[] = [];
  for (const group of groups.values()) {
    const stats = latencyStats(group.values);
    if (stats !== null) rows.push({ operation: group.operation, method: group.method, ...stats });
  }
  return rows.sort((a, b) => b.p95Ms - a.p95Ms || a.operation.localeCompare(b.operation));
}

export function computeLatency(
  exchanges: readonly ExchangeSummary[],
  traffic: { readonly concurrency: number; readonly maxRequestsPerMinute: number },
): Latency {
  const answered = exchanges.filter((e) => e.status !== null);
  return {
    concurrency: traffic.concurrency,
    maxRequestsPerMinute: traffic.maxRequestsPerMinute,
    overall: latencyStats(answered.map((e) => e.ms)),
    operations: perOperation(answered, (e) => e.ms),
    firstEvent: perOperation(answered, (e) => e.firstEventMs),
    unanswered: exchanges.length - answered.length,
  };
}

/** One line for the console summary. */
export function latencyLine(latency: Latency): string {
  const o = latency.overall;
  if (o === null) return 'no answered requests';
  const pacing = latency.maxRequestsPerMinute === 0 ? 'unpaced' : `paced to ${latency.maxRequestsPerMinute}/min`;
  return `p50 ${o.p50Ms} ms, p95 ${o.p95Ms} ms, p99 ${o.p99Ms} ms over ${o.count} answered requests (concurrency ${latency.concurrency}, ${pacing})`;
}
