/**
 * Pacing by token. A real server limits every bearer token to 60 requests a minute
 * (docs/server-behavior.md §1.4, §12.5), counting only requests that carry that token: requests
 * without a bearer, with another scheme or with another token cost it nothing. So requests are
 * paced per token, and one schedule serves the whole run: the run's processes (the run command and
 * its suite workers) all ask the same slots, so the budget is spent at the rate the server allows
 * however the work is spread over workers.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** Hands out request slots; `key` names the budget (a token), undefined for a request no budget counts. */
export interface Pacer {
  wait(key: string | undefined): Promise<void>;
}

/** The budget a request spends: a digest of its bearer token, or none. */
export function pacingKey(authorization: string | undefined): string | undefined {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] === undefined ? undefined : createHash('sha256').update(match[1]).digest('hex').slice(0, 16);
}

/** Slots per key at a fixed interval: the schedule itself, kept by one process. */
export class SlotSchedule implements Pacer {
  readonly #intervalMs: number;
  readonly #next = new Map<string, number>();

  constructor(requestsPerMinute: number) {
    this.#intervalMs = requestsPerMinute > 0 ? 60_000 / requestsPerMinute : 0;
  }

  /** When the next request of this key may go, reserving that slot. */
  reserve(key: string | undefined, now = Date.now()): number {
    if (key === undefined || this.#intervalMs === 0) return now;
    const slot = Math.max(now, this.#next.get(key) ?? now);
    this.#next.set(key, slot + this.#intervalMs);
    return slot;
  }

  async wait(key: string | undefined): Promise<void> {
    const now = Date.now();
    const slot = this.reserve(key, now);
    if (slot > now) await sleep(slot - now);
  }
}

/** Slots asked of the run's pacing server (lib/runner/pacing-server.ts) from a suite worker. */
export class RemotePacer implements Pacer {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  async wait(key: string | undefined): Promise<void> {
    if (key === undefined) return;
    // The server answers with how long to wait for the reserved slot.
    const answer = await request(`${this.#url}/slot?key=${encodeURIComponent(key)}`, { signal: AbortSignal.timeout(10_000) });
    const delayMs = Number(await answer.body.text());
    if (Number.isFinite(delayMs) && delayMs > 0) await sleep(delayMs);
  }
}

/** No pacing at all (the ideal embedded server has no limit). */
export const UNPACED: Pacer = { wait: () => Promise.resolve() };
