/**
 * Safe against hostile and broken servers (issue 09): whatever the target
 * does, the run ends in bounded time and bounded memory with results.json
 * written and exit status 1, the token never appears in any output, and a
 * redirect never carries it to another host. A server that answers every
 * path with an HTML page is not this API at all: the preflight says so with
 * exit status 2 before any check (issue 15).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_MODES, startHostileServer } from '../support/hostile-server.ts';
import { runCli } from '../support/run-cli.ts';

const TOKEN = `dfoa_${'S3cr3tT0ken'.repeat(4)}`;

describe.concurrent('hostile targets', () => {
  for (const mode of HOSTILE_MODES) {
    it(`${mode}: the run ends with a verdict, in bounded time and memory, without leaking the token`, async () => {
      const hostile = await startHostileServer(mode);
      try {
        const run = await runCli(['run', '--concurrency', '1'], {
          env: {
            DIFY_BASE_URL: hostile.baseUrl,
            DIFY_TOKEN: TOKEN,
            DIFY_REQUEST_TIMEOUT_MS: '400',
            DIFY_STREAM_TIMEOUT_MS: '1500',
            DIFY_MAX_RESPONSE_BYTES: '1048576',
            DIFY_FUZZ_RUNS: '2',
            // Every process of the run (main and workers) must live within this heap.
            NODE_OPTIONS: '--max-old-space-size=256',
          },
          timeoutMs: 170_000,
        });
        expect(run.ms).toBeLessThan(150_000);
        if (mode === 'wrong-content-type') {
          expect(run.code, run.stderr).toBe(2);
          expect(run.stderr).toMatch(
            /^dify-conformance: DIFY_BASE_URL \S+ does not answer like Dify's \/openapi\/v1 API \(GET \/_health: 200 with an HTML page/,
          );
          expect(existsSync(run.reportDir)).toBe(false);
        } else {
          expect(run.code, run.stderr).toBe(1);
          expect(run.results().summary.verdict).toBe('fail');
        }
        const reports = existsSync(run.reportDir) ? readdirSync(run.reportDir).map((f) => readFileSync(join(run.reportDir, f), 'utf8')) : [];
        const outputs = [run.stdout, run.stderr, ...reports];
        for (const output of outputs) expect(output.includes(TOKEN)).toBe(false);
        expect(hostile.leakedAuthorization).toEqual([]);
      } finally {
        await hostile.close();
      }
    }, 180_000);
  }
});
