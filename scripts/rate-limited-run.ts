/**
 * A full default run against the reference server limited to 60 requests per
 * minute per token (the real server's default, docs/server-behavior.md §1.4):
 * every 429 must be waited out, and the run must end with zero failures.
 * It takes many minutes, so it is not part of npm test.
 *   npm run rate-limited-run
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceServer } from '../lib/reference-server/index.ts';
import type { RunResults } from '../lib/results/run-results.ts';
import { PACKAGE_ROOT } from '../lib/runner/suite-info.ts';

const server = await startReferenceServer({ rateLimitPerMinute: 60, deviceFlow: { intervalSeconds: 5, expiresInSeconds: 120 } });
const reports = mkdtempSync(join(tmpdir(), 'rate-limited-'));
const started = Date.now();
try {
  // The CLI runs in a child process while this process serves it.
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin/dify-conformance.js'), 'run'], {
      env: {
        ...process.env,
        DIFY_BASE_URL: server.baseUrl,
        DIFY_TOKEN: server.token,
        DIFY_CONSOLE_COOKIE: server.consoleCookie,
        DIFY_CONSOLE_CSRF_TOKEN: server.csrfToken,
        DIFY_HITL_APP_ID: server.hitlAppId,
        DIFY_REPORT_DIR: reports,
      },
      stdio: 'inherit',
    });
    child.on('close', resolve);
  });
  const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8')) as RunResults;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(
    `rate-limited run: exit ${code}, ${results.summary.failed} failed, ${results.summary.errored} errored, ${results.summary.exchanges} requests recorded, ${server.requestLog.length} requests served, ${minutes} min`,
  );
  process.exitCode = code === 0 && results.summary.failed === 0 ? 0 : 1;
} finally {
  await server.close();
}
