/**
 * What keeps the suite patient and bounded on a live server: requests are
 * paced to a per-minute budget, a 429 is waited out (Retry-After, bounded
 * retries) instead of being judged, and after a few consecutive timeouts the
 * server is taken to have stopped answering, so the remaining checks are
 * errored at once instead of each waiting out its own timeout.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface TrafficOptions {
  /** Requests per minute this client may send; 0 = no pacing. */
  readonly requestsPerMinute: number;
  /** Consecutive timeouts after which every further request fails at once. */
  readonly maxConsecutiveTimeouts: number;
  /** 429 answers waited out per request before giving up. */
  readonly maxRateLimitRetries: number;
  /** Longest Retry-After honoured; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = {
  requestsPerMinute: 0,
  maxConsecutiveTimeouts: 3,
  maxRateLimitRetries: 20,
  maxRetryAfterMs: 60_000,
};

export class TrafficControl {
  readonly #options: TrafficOptions;
  #nextSlot = 0;
  #consecutiveTimeouts = 0;
  #rateLimitWaitMs = 0;

  constructor(options: TrafficOptions) {
    this.#options = options;
    // A paced client's first request also keeps its distance: the run's clients follow one another
    // (the preflight, the workers, the leak audit), and the one before may just have sent.
    if (options.requestsPerMinute > 0) this.#nextSlot = Date.now() + 60_000 / options.requestsPerMinute;
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

  /** Waits for the next request slot of the per-minute budget. */
  async pace(): Promise<void> {
    if (this.#options.requestsPerMinute <= 0) return;
    const interval = 60_000 / this.#options.requestsPerMinute;
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlot);
    this.#nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now);
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
