import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countSpends, readSpent, recordSpent } from '../../lib/quota/quota-ledger.ts';
import { PURPOSES, planQuotas } from '../../lib/quota/quotas.ts';

const NOW = Date.UTC(2026, 11, 6, 14, 0, 0);
const MINUTE = 60_000;

describe('quota plan', () => {
  it('grants every purpose when nothing was spent, within every quota', () => {
    const plan = planQuotas({}, NOW);
    expect(plan.granted).toEqual(PURPOSES.map((p) => p.name));
    expect(plan.refused).toEqual({});
    const approvals = PURPOSES.reduce((n, p) => n + (p.costs.approvals ?? 0), 0);
    expect(approvals).toBeLessThanOrEqual(10);
  });

  it('after a run that spent 7 approvals, grants the most valuable purposes that fit in the 3 left and says when to retry', () => {
    const spent = { approvals: Array.from({ length: 7 }, (_, i) => NOW - 20 * MINUTE + i) };
    const plan = planQuotas(spent, NOW);
    expect(plan.granted).toContain('identity');
    expect(plan.granted).toContain('approve-flow');
    expect(plan.granted).not.toContain('deny-flow');
    // Enough approvals are free again once the oldest spend leaves the hour: 40 minutes from now.
    expect(plan.refused['deny-flow']).toMatch(/approvals quota \(10 per 60 min, docs\/server-behavior\.md §12\.5\).*retry after 14:40 UTC/);
    // Purposes that cost no approval still run.
    expect(plan.granted).toContain('code-expiry');
  });

  it('forgets spends that left their window', () => {
    const spent = { approvals: Array.from({ length: 10 }, () => NOW - 61 * MINUTE), 'device-lookups': Array.from({ length: 60 }, () => NOW - 6 * MINUTE) };
    expect(planQuotas(spent, NOW).refused).toEqual({});
  });
});

describe('quota ledger', () => {
  it('keeps spends per server and console session across runs, and drops old ones', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'nested', 'ledger.json');
    const scope = { baseUrl: 'https://dify.example.com/openapi/v1', consoleCookie: 'access_token=secret-cookie' };
    recordSpent(path, scope, { approvals: 7, 'device-codes': 9 }, NOW - 2 * 60 * MINUTE);
    recordSpent(path, scope, { approvals: 7, 'device-codes': 9 }, NOW);
    const spent = readSpent(path, scope, NOW + MINUTE);
    expect(spent.approvals).toHaveLength(7);
    expect(spent['device-codes']).toHaveLength(9);
    // Another console session on the same server has its own approvals, but shares the per-IP quotas.
    const other = readSpent(path, { ...scope, consoleCookie: 'access_token=another' }, NOW + MINUTE);
    expect(other.approvals).toHaveLength(0);
    expect(other['device-codes']).toHaveLength(9);
    expect(readFileSync(path, 'utf8')).not.toContain('secret-cookie');
  });

  it('reads a missing or broken ledger as empty', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-')), 'ledger.json');
    expect(readSpent(path, { baseUrl: 'x', consoleCookie: undefined }, NOW).approvals).toEqual([]);
  });

  it('counts what a run spent from its exchanges', () => {
    const counts = countSpends([
      { operation: 'approveDevice', status: 200 },
      { operation: 'denyDevice', status: 404 },
      { operation: 'createDeviceCode', status: 200 },
      { operation: 'lookupDevice', status: null },
      { operation: 'getAccount', status: 200 },
    ]);
    expect(counts).toEqual({ approvals: 2, 'device-codes': 1 });
  });
});
