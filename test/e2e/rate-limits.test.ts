/**
 * Patient with rate limits (issue 09): a 429 with Retry-After is waited out
 * and never judged as a failure, and DIFY_MAX_REQUESTS_PER_MINUTE paces every
 * request that carries the token. The reference server here allows 10 requests per 2 s per token, a
 * tighter and shorter version of the real server's 60 per minute (the full
 * 60-per-minute run is `npm run rate-limited-run`, outside npm test).
 */
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { runCli } from '../support/run-cli.ts';

const SUITES = ['meta', 'account', 'sessions', 'workspaces', 'apps'];

describe('rate limits', () => {
  it('429 answers are waited out: the run passes against a server that rate-limits it', async () => {
    const server = await startReferenceServer({ rateLimitPerMinute: 10, rateLimitWindowMs: 2000 });
    try {
      const run = await runCli(['run', ...SUITES], { env: { DIFY_BASE_URL: server.baseUrl, DIFY_TOKEN: server.token, DIFY_FUZZ_RUNS: '2' } });
      const problems = run
        .results()
        .checks.filter((c) => c.status === 'failed' || c.status === 'errored')
        .map((c) => `${c.id} ${c.operation ?? ''}: ${c.message}`);
      expect(problems).toEqual([]);
      expect(run.code).toBe(0);
      // More requests were sent than the server allows at once, so some were held back by 429s.
      expect(server.requestLog.length).toBeGreaterThan(10);
    } finally {
      await server.close();
    }
  });

  it('DIFY_MAX_REQUESTS_PER_MINUTE paces the run under the limit', async () => {
    const server = await startReferenceServer({ rateLimitPerMinute: 10, rateLimitWindowMs: 2000 });
    try {
      const run = await runCli(['run', 'meta', 'account', 'workspaces'], {
        env: { DIFY_BASE_URL: server.baseUrl, DIFY_TOKEN: server.token, DIFY_MAX_REQUESTS_PER_MINUTE: '240', DIFY_CONCURRENCY: '1' },
      });
      expect(run.code, run.stdout).toBe(0);
      // 240 per minute is one request every 250 ms for the token; requests with no or another bearer are not paced.
      const times = server.requestLog
        .filter((r) => r.bearer === server.token)
        .map((r) => r.at)
        .sort((a, b) => a - b);
      expect(times.length).toBeGreaterThan(10);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
      const tooClose = gaps.filter((g) => g < 200).length;
      expect(tooClose).toBeLessThanOrEqual(3);
    } finally {
      await server.close();
    }
  });
});
