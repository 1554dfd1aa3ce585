/**
 * The verdict on a default-configured Dify is the same as on the ideal reference server: the
 * suite runs twice, back to back, against one reference server in its realistic profile
 * (docs/server-behavior.md §12: drafts that cannot run, no model provider, EmailStr invites, the
 * 100 cap of GET /apps, a crowded workspace, every stream event kind, and every quota of §12.5 at
 * its real size), configured the way a user configures a real deployment, and neither run has a
 * failed or errored check at any level. Device-code timing is shortened and the per-token rate
 * raised so the runs fit the test budget; the approval quota (10 an hour) stays real, so the
 * second run plans within what the first one left.
 */
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { referenceServerEnv } from '../../lib/reference-server/describe.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { RunResults } from '../../lib/results/run-results.ts';
import { runCli, tempDir } from '../support/run-cli.ts';

function problems(results: RunResults): string[] {
  return [
    ...results.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((c) => `${c.status} ${c.id} (${c.operation ?? '-'}): ${c.message}`),
    ...results.suiteErrors.map((e) => `suite error ${e.where}: ${e.message}`),
  ];
}

function skipReasons(results: RunResults): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const c of results.checks.filter((c) => c.status === 'skipped')) reasons.set(c.message, (reasons.get(c.message) ?? 0) + 1);
  return reasons;
}

describe('a realistic deployment', () => {
  it('gets no failed and no errored check, twice in a row, with the approval quota planned across the runs', async () => {
    const server = await startReferenceServer({
      profile: 'realistic',
      deviceFlow: { intervalSeconds: 1, expiresInSeconds: 8 },
      quotas: { perToken: { limit: 100_000 } },
    });
    try {
      const env = { ...parse(referenceServerEnv(server)), DIFY_QUOTA_LEDGER: join(tempDir(), 'ledger.json'), DIFY_DEVICE_EXPIRY_WAIT_SECONDS: '10' };
      const first = await runCli(['run'], { env, timeoutMs: 240_000 });
      const second = await runCli(['run'], { env, timeoutMs: 240_000 });
      for (const run of [first, second]) {
        const results = run.results();
        expect(problems(results), run.stdout).toEqual([]);
        expect(run.code, run.stdout).toBe(0);
        expect(results.summary.passed).toBeGreaterThan(300);
      }
      // The first run spent 7 of the 10 approvals; the second plans within the 3 left.
      const secondReasons = [...skipReasons(second.results()).keys()].join('\n');
      expect(secondReasons).toMatch(/approvals quota .* retry after \d\d:\d\d UTC/);
      expect([...skipReasons(first.results()).keys()].join('\n')).not.toMatch(/approvals quota/);
      // What the skips were, for the record (printed with the test's output).
      for (const [name, run] of [
        ['first', first],
        ['second', second],
      ] as const) {
        console.log(
          `${name} run: ${run.results().summary.passed} passed, ${run.results().summary.skipped} skipped; skip reasons:\n${[...skipReasons(run.results())].map(([r, n]) => `  ×${n} ${r}`).join('\n')}`,
        );
      }
    } finally {
      await server.close();
    }
  }, 600_000);
});
