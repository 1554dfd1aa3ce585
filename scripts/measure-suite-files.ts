/**
 * Measures what each suite file costs and what it judges, and writes
 * lib/runner/suite-profile.json, from which a run plans its requests and time
 * before the first check, deals shards by cost and spends a --budget where
 * detection is highest. Not part of npm test (about three minutes); run it
 * after adding or changing suite tests:
 *   npm run measure-suites
 * Each file runs alone, through the command line, against a fresh reference
 * server of the ideal profile (everything runnable, so every check it can
 * judge is judged), configured as a user configures a deployment, unpaced.
 * A file's time is its own (from the run's progress line); the run's own
 * requests (preflight, leak audit) and start-up time are measured once, on
 * a run that selects no test, and taken off each file's requests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { EMBEDDED_DEVICE_FLOW } from '../lib/runner/run-plan.ts';
import { referenceServerEnv } from '../lib/reference-server/describe.ts';
import { startReferenceServer } from '../lib/reference-server/index.ts';
import type { RunResults } from '../lib/results/run-results.ts';
import { SUITE_PROFILE_FILE, type SuiteFileProfile, type SuiteProfile } from '../lib/runner/suite-profile.ts';
import { suiteFileNames } from '../lib/runner/suite-files.ts';
import { PACKAGE_ROOT } from '../lib/runner/suite-info.ts';

interface Measured {
  readonly requests: number;
  readonly tokenRequests: number;
  /** The whole run, and the file's own part of it. */
  readonly ms: number;
  readonly fileMs: number;
  readonly checks: readonly string[];
}

interface CliRun {
  readonly results: RunResults;
  /** The file's own time, from its progress line. */
  readonly fileMs: number;
}

function runCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'dify-measure-'));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/dify-conformance.js', ...args], {
      cwd: PACKAGE_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        XDG_CACHE_HOME: reportDir,
        ...env,
        DIFY_REPORT_DIR: reportDir,
        DIFY_MAX_REQUESTS_PER_MINUTE: '0',
        DIFY_SEED: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let progress = '';
    child.stderr.on('data', (chunk: Buffer) => {
      progress += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', () => {
      try {
        const fileSeconds = /test\(s\).*\((\d+(?:\.\d+)?) s\)\s*$/m.exec(progress)?.[1];
        resolvePromise({ results: JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8')) as RunResults, fileMs: Number(fileSeconds ?? 0) * 1000 });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

async function measure(args: readonly string[]): Promise<Measured> {
  const server = await startReferenceServer({ deviceFlow: EMBEDDED_DEVICE_FLOW });
  try {
    const started = performance.now();
    const { results, fileMs } = await runCli(args, parse(referenceServerEnv(server)));
    const ms = performance.now() - started;
    const judged = results.checks.filter((c) => c.status === 'passed' || c.status === 'failed').map((c) => c.id);
    return {
      requests: results.summary.exchanges,
      tokenRequests: server.requestLog.filter((r) => r.bearer === server.token).length,
      ms,
      fileMs,
      checks: [...new Set(judged)].sort(),
    };
  } finally {
    await server.close();
  }
}

// A selection no test of the file matches: only the run's own requests and start-up remain
// (measured twice: the first run also warms the TypeScript loader's cache).
await measure(['run', 'meta', '--only', 'apps']);
const overhead = await measure(['run', 'meta', '--only', 'apps']);
console.log(`run overhead: ${overhead.tokenRequests} token requests, ${(overhead.ms / 1000).toFixed(1)} s`);
const files: Record<string, SuiteFileProfile> = {};
for (const name of suiteFileNames()) {
  const m = await measure(['run', `suites/${name}.test.ts`]);
  files[name] = {
    requests: m.requests,
    tokenRequests: Math.max(0, m.tokenRequests - overhead.tokenRequests),
    seconds: Math.round(m.fileMs / 100) / 10,
    checks: m.checks,
  };
  console.log(`${name}: ${m.requests} requests (${files[name].tokenRequests} with the token), ${files[name].seconds} s, ${m.checks.length} checks judged`);
}
const profile: SuiteProfile = {
  measuredAt: new Date().toISOString().slice(0, 10),
  overhead: { tokenRequests: overhead.tokenRequests, seconds: Math.round(overhead.ms / 100) / 10 },
  files,
};
writeFileSync(join(PACKAGE_ROOT, SUITE_PROFILE_FILE), `${JSON.stringify(profile, null, 2)}\n`);
console.log(`wrote ${SUITE_PROFILE_FILE}`);
