/**
 * The quotas a run spends on a default-configured server (docs/server-behavior.md §12.5), and
 * what the run spends them on. Quotas are budgeted, not discovered: before the first request the
 * run learns from its ledger what earlier runs spent within each window, grants its purposes in
 * order of value while every quota they cost has room, and skips the tests of the purposes it
 * could not grant, saying when to retry. The per-token request rate is paced instead
 * (DIFY_MAX_REQUESTS_PER_MINUTE).
 */

export type QuotaKey = 'approvals' | 'device-codes' | 'device-lookups';

export interface Quota {
  readonly key: QuotaKey;
  readonly limit: number;
  readonly windowMs: number;
  /** Whose quota it is, for messages. */
  readonly per: string;
  /** The operations whose requests spend it. */
  readonly operations: readonly string[];
}

const HOUR = 3_600_000;

export const QUOTAS: readonly Quota[] = [
  { key: 'approvals', limit: 10, windowMs: HOUR, per: 'console session', operations: ['approveDevice', 'denyDevice'] },
  { key: 'device-codes', limit: 60, windowMs: HOUR, per: 'client IP', operations: ['createDeviceCode'] },
  { key: 'device-lookups', limit: 60, windowMs: 5 * 60_000, per: 'client IP', operations: ['lookupDevice'] },
];

export function quotaOf(key: QuotaKey): Quota {
  const quota = QUOTAS.find((q) => q.key === key);
  if (quota === undefined) throw new Error(`unknown quota ${key}`);
  return quota;
}

/** Something the run spends quota on, in order of value: earlier purposes are granted first. */
export interface Purpose {
  readonly name: string;
  readonly costs: Readonly<Partial<Record<QuotaKey, number>>>;
  /** What goes unchecked without it, for the skip reason. */
  readonly what: string;
}

export const PURPOSES: readonly Purpose[] = [
  {
    name: 'identity',
    costs: { approvals: 1, 'device-codes': 1 },
    what: "the check that the console session belongs to the token's account, and the sessions of a minted token",
  },
  { name: 'pending-code', costs: { 'device-codes': 1, 'device-lookups': 2 }, what: 'a pending device code' },
  { name: 'approve-flow', costs: { approvals: 2, 'device-codes': 1, 'device-lookups': 1 }, what: 'approving a device code' },
  { name: 'deny-flow', costs: { approvals: 1, 'device-codes': 1, 'device-lookups': 1 }, what: 'denying a device code' },
  { name: 'session-by-id', costs: { approvals: 1, 'device-codes': 1 }, what: 'revoking a minted session by id' },
  { name: 'code-expiry', costs: { 'device-codes': 1 }, what: 'the expiry of a device code' },
  { name: 'unknown-client', costs: { 'device-codes': 1 }, what: 'refusing an unknown client id' },
  { name: 'unknown-lookup', costs: { 'device-lookups': 1 }, what: 'looking up a user code that was never issued' },
  { name: 'unknown-code-decision', costs: { approvals: 2 }, what: 'approving and denying a user code that was never issued' },
  { name: 'fuzz-device-code', costs: { 'device-codes': 5 }, what: 'fuzzing POST /oauth/device/code' },
  { name: 'fuzz-device-lookup', costs: { 'device-lookups': 5 }, what: 'fuzzing GET /oauth/device/lookup' },
];

export type PurposeName = (typeof PURPOSES)[number]['name'];

/** What the ledger says earlier runs spent: epoch milliseconds of each spend, per quota. */
export type Spent = Readonly<Partial<Record<QuotaKey, readonly number[]>>>;

export interface QuotaGrant {
  readonly granted: readonly string[];
  /** Purposes not granted, with the reason to give (what ran out and when to retry). */
  readonly refused: Readonly<Record<string, string>>;
}

/** Every purpose granted: a server with nothing spent yet (a fresh embedded server). */
export const GRANT_ALL: QuotaGrant = { granted: PURPOSES.map((p) => p.name), refused: {} };

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/**
 * Grants purposes in order while every quota they cost has room. A purpose that does not fit
 * is refused with the quota that ran out and the time from which enough of it is free again.
 */
export function planQuotas(spent: Spent, now: number): QuotaGrant {
  const recent = new Map<QuotaKey, number[]>();
  for (const quota of QUOTAS) {
    recent.set(
      quota.key,
      [...(spent[quota.key] ?? [])].filter((at) => at > now - quota.windowMs).sort((a, b) => a - b),
    );
  }
  const used = new Map<QuotaKey, number>(QUOTAS.map((q) => [q.key, recent.get(q.key)?.length ?? 0]));
  const granted: string[] = [];
  const refused: Record<string, string> = {};
  for (const purpose of PURPOSES) {
    const short = Object.entries(purpose.costs).find(([key, cost]) => (used.get(key as QuotaKey) ?? 0) + (cost ?? 0) > quotaOf(key as QuotaKey).limit);
    if (short === undefined) {
      for (const [key, cost] of Object.entries(purpose.costs)) used.set(key as QuotaKey, (used.get(key as QuotaKey) ?? 0) + (cost ?? 0));
      granted.push(purpose.name);
      continue;
    }
    const quota = quotaOf(short[0] as QuotaKey);
    const times = recent.get(quota.key) ?? [];
    // Enough is free once the spends that stand in the way have left the window.
    const mustExpire = (used.get(quota.key) ?? 0) + (short[1] ?? 0) - quota.limit;
    const freeAt = (times[Math.min(mustExpire, times.length) - 1] ?? now) + quota.windowMs;
    refused[purpose.name] =
      `not sent: ${purpose.what} needs ${short[1]} of the ${quota.per}'s ${quota.key} quota (${quota.limit} per ${quota.windowMs / 60_000} min, docs/server-behavior.md §12.5), and earlier requests of this and earlier runs left too little; retry after ${clock(freeAt)} UTC`;
  }
  return { granted, refused };
}
