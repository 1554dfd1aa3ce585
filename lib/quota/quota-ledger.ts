/**
 * The ledger of quota spent against each server, kept between runs in a small JSON file
 * (DIFY_QUOTA_LEDGER), so a second run within the hour plans with what the first one left. A
 * server is keyed by its API root and, for the console session's quota, by a digest of the
 * session; the file holds no secret. Spends older than their quota's window are dropped.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { QUOTAS, type QuotaKey, type Spent } from './quotas.ts';

interface LedgerFile {
  readonly version: 1;
  /** Server key → quota → epoch milliseconds of each spend. */
  readonly servers: Record<string, Partial<Record<QuotaKey, number[]>>>;
}

export interface LedgerScope {
  readonly baseUrl: string;
  /** The console session whose approvals are counted; undefined without one. */
  readonly consoleCookie: string | undefined;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** Per-IP quotas belong to the server; the approvals quota to one console session on it. */
function keyOf(scope: LedgerScope, quota: QuotaKey): string {
  return quota === 'approvals' ? `${scope.baseUrl} console:${digest(scope.consoleCookie ?? '')}` : scope.baseUrl;
}

function read(path: string): LedgerFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LedgerFile>;
    if (parsed.version === 1 && typeof parsed.servers === 'object' && parsed.servers !== null) return { version: 1, servers: parsed.servers };
  } catch {
    // A missing or unreadable ledger is an empty one: the run then plans as if nothing was spent,
    // and a quota the server still counts shows as a 429, which the suite skips on.
  }
  return { version: 1, servers: {} };
}

/** What earlier runs spent against this server within each quota's window. */
export function readSpent(path: string, scope: LedgerScope, now: number): Spent {
  const ledger = read(path);
  const spent: Partial<Record<QuotaKey, number[]>> = {};
  for (const quota of QUOTAS) {
    const times = ledger.servers[keyOf(scope, quota.key)]?.[quota.key] ?? [];
    spent[quota.key] = times.filter((at) => typeof at === 'number' && at > now - quota.windowMs);
  }
  return spent;
}

/** Adds this run's spends (a count per quota, all at `now`) and drops what has left its window. */
export function recordSpent(path: string, scope: LedgerScope, counts: Readonly<Partial<Record<QuotaKey, number>>>, now: number): void {
  const ledger = read(path);
  const servers: LedgerFile['servers'] = {};
  for (const [server, quotas] of Object.entries(ledger.servers)) {
    for (const quota of QUOTAS) {
      const kept = (quotas[quota.key] ?? []).filter((at) => at > now - quota.windowMs);
      if (kept.length > 0) (servers[server] ??= {})[quota.key] = kept;
    }
  }
  for (const quota of QUOTAS) {
    const count = counts[quota.key] ?? 0;
    if (count <= 0) continue;
    const entry = (servers[keyOf(scope, quota.key)] ??= {});
    entry[quota.key] = [...(entry[quota.key] ?? []), ...Array.from({ length: count }, () => now)];
  }
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed, so a run that is killed midway never leaves half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ version: 1, servers }, null, 2)}\n`);
  renameSync(temporary, path);
}

/** This run's spends, from the operations of its answered requests (a 429, or an approval refused at login, spent nothing). */
export function countSpends(exchanges: readonly { readonly operation: string | null; readonly status: number | null }[]): Partial<Record<QuotaKey, number>> {
  const counts: Partial<Record<QuotaKey, number>> = {};
  for (const exchange of exchanges) {
    if (exchange.status === null || exchange.status === 429) continue;
    const quota = QUOTAS.find((q) => exchange.operation !== null && q.operations.includes(exchange.operation));
    // Approvals are counted after the console login: a refused login spent none (§4.5).
    if (quota?.key === 'approvals' && (exchange.status === 401 || exchange.status === 403)) continue;
    if (quota !== undefined) counts[quota.key] = (counts[quota.key] ?? 0) + 1;
  }
  return counts;
}
