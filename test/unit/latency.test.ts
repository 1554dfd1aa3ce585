/**
 * Latency figures: nearest-rank percentiles per operation and to the first
 * SSE event, unanswered exchanges kept out of the figures.
 */
import { describe, expect, it } from 'vitest';
import { computeLatency, latencyLine, percentile } from '../../lib/results/latency.ts';
import type { ExchangeSummary } from '../../lib/model/outcome.ts';

const get = (ms: number): ExchangeSummary => ({ operation: 'listApps', method: 'GET', status: 200, ms });

describe('percentile', () => {
  it('is the nearest rank: the smallest value with at least p% at or below it', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('refuses an empty list rather than inventing a figure', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });
});

describe('computeLatency', () => {
  it('groups per operation, orders the slowest p95 first, and keeps streams apart', () => {
    const exchanges: ExchangeSummary[] = [
      ...[1, 2, 3, 4].map(get),
      { operation: 'runApp', method: 'POST', status: 200, ms: 400, firstEventMs: 12, events: 9 },
      { operation: 'runApp', method: 'POST', status: 200, ms: 300, firstEventMs: 8, events: 5 },
      { operation: 'getAccount', method: 'GET', status: null, ms: 10_000 },
    ];
    const latency = computeLatency(exchanges, { concurrency: 2, maxRequestsPerMinute: 60 });
    expect(latency.operations.map((o) => o.operation)).toEqual(['runApp', 'listApps']);
    expect(latency.operations[1]).toMatchObject({ count: 4, p50Ms: 2, p95Ms: 4, p99Ms: 4, maxMs: 4 });
    expect(latency.firstEvent).toEqual([{ operation: 'runApp', method: 'POST', count: 2, p50Ms: 8, p95Ms: 12, p99Ms: 12, maxMs: 12 }]);
    expect(latency.unanswered).toBe(1);
    expect(latency.overall?.count).toBe(6);
    expect(latencyLine(latency)).toBe('p50 3 ms, p95 400 ms, p99 400 ms over 6 answered requests (concurrency 2, paced to 60/min)');
  });

  it('has no overall figure when nothing was answered', () => {
    const latency = computeLatency([{ operation: 'getAccount', method: 'GET', status: null, ms: 5 }], { concurrency: 1, maxRequestsPerMinute: 0 });
    expect(latency.overall).toBeNull();
    expect(latencyLine(latency)).toBe('no answered requests');
  });
});
