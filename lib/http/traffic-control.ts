/**
 * What keeps the suite patient and bounded on a live server: requests that
 * carry a bearer token wait for that token's slots (lib/http/pacing.ts), a 429 is waited out (Retry-After, bounded
 * retries) instead of being judged, and after a few consecutive timeouts the
 * server is taken to have stopped answering, so the remaining checks are
 * errored at once instead of each waiting out its own timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pacingKey, UNPACED, type Pacer } from './pacing.ts';

export interface TrafficOptions {
  /** The slots requests wait for, per bearer token (lib/http/pacing.ts). */
  readonly pacer: Pacer;
  /** Consecutive timeouts after which every further request fails at once. */
  readonly maxConsecutiveTimeouts: number;
  /** 429 answers waited out per request before giving up. */
  readonly maxRateLimitRetries: number;
  /** Longest Retry-After honoured; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = {
  pacer: UNPACED,
  maxConsecutiveTimeouts: 3,
  maxRateLimitRetries: 20,
  maxRetryAfterMs: 60_000,
};

export class TrafficControl {
  readonly #options: TrafficOptions;
  #consecutiveTimeouts = 0;
  #rateLimitWaitMs = 0;

  constructor(options: TrafficOptions) {
    this.#options = options;
  }

  /** Why no request should be sent at all, or undefined. */
  get stopped(): string | undefined {
    return this.#consecutiveTimeouts >= this.#options.maxConsecutiveTimeouts
      ? `not sent: the server stopped answering (${this.#consecutiveTimeouts} consecutive timeouts)`
      : undefined;
  }

  /** Total time spent waiting out 429 answers. */
  get rateLimitWaitMs(): number {
    return this.#rateLimitWaitMs;
  }

  /** Waits for the next slot of the budget the request spends (its bearer token's, if any). */
  pace(authorization: string | undefined): Promise<void> {
    return this.#options.pacer.wait(pacingKey(authorization));
  }

  /** Notes whether a request timed out, for the consecutive-timeout limit. */
  observe(timedOut: boolean): void {
    this.#consecutiveTimeouts = timedOut ? this.#consecutiveTimeouts + 1 : 0;
  }

  /** How long to wait before retrying a 429 (undefined: do not retry). */
  retryDelay(retryAfter: string | undefined, attempt: number): number | undefined {
    if (attempt >= this.#options.maxRateLimitRetries) return undefined;
    const delay = parseRetryAfter(retryAfter) ?? Math.min(1000 * 2 ** attempt, 8000);
    return delay > this.#options.maxRetryAfterMs ? undefined : delay;
  }

  async waitOut(delayMs: number): Promise<void> {
    this.#rateLimitWaitMs += delayMs;
    await sleep(delayMs);
  }
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds. */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
