// Sliding-window quotas, as libs/rate_limit.py runs them over Redis: a request
// is refused while its bucket already holds `limit` requests of the last
// window, and a refused request is not counted (docs/server-behavior.md §1.4,
// §12.5).
import { ApiError } from './errors.ts';
import type { QuotaLimit, QuotaName } from './profile.ts';
import type { Call } from './runtime.ts';

/**
 * Counts one request against `key`. Returns undefined when it fits, else the
 * whole seconds until the oldest request of the window leaves it (at least 1).
 */
export function spendQuota(windows: Map<string, number[]>, key: string, quota: QuotaLimit, now: number): number | undefined {
  if (quota.limit <= 0) return undefined;
  const hits = (windows.get(key) ?? []).filter((at) => at > now - quota.windowMs);
  windows.set(key, hits);
  if (hits.length >= quota.limit) {
    const oldest = hits[0] ?? now;
    return Math.max(1, Math.ceil((oldest + quota.windowMs - now) / 1000));
  }
  hits.push(now);
  return undefined;
}

/**
 * The route quotas other than the per-token one: a spent quota raises
 * werkzeug's `TooManyRequests("rate_limited")`, which the formatter renders
 * as ErrorBody 429 `too_many_requests` — with no Retry-After header, since
 * the exception is raised without one.
 */
export function enforceQuota(call: Call, name: Exclude<QuotaName, 'perToken'>, bucket: string): void {
  if (spendQuota(call.state.rateWindows, `${name}:${bucket}`, call.settings.quotas[name], Date.now()) !== undefined) {
    throw new ApiError(429, 'rate_limited');
  }
}

/** The bucket of the per-IP quotas; every test client on loopback shares one. */
export function clientIp(call: Call): string {
  return call.req.socket.remoteAddress ?? 'unknown';
}
