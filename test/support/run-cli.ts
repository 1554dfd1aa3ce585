/**
 * Runs the real command line (bin/dify-conformance.js) in a child process,
 * with a clean environment and its own report directory.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunResults } from '../../lib/results/run-results.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dify-conformance.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly reportDir: string;
  results(): RunResults;
}

export interface CliOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Sees stderr as it arrives (to answer prompts). */
  readonly onStderr?: (chunk: string) => void;
  /** Starts the bin file itself, as npx and a shell do (through its first lines), instead of `node bin/…`. */
  readonly direct?: boolean;
  /** Sends this signal to the run as soon as `when` holds (polled), to test interruption. */
  readonly interrupt?: { readonly signal: NodeJS.Signals; readonly when: () => boolean };
}

/** One quota ledger for this test process, so no test writes to the developer's cache. */
const CACHE = mkdtempSync(join(tmpdir(), 'dify-conformance-cache-'));

/**
 * The environment of the child: PATH and HOME only, so a developer's DIFY_* variables never leak
 * in. The reference servers the tests start have no per-token limit, so runs are unpaced unless a
 * test says otherwise.
 */
function cleanEnv(extra: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    XDG_CACHE_HOME: CACHE,
    DIFY_MAX_REQUESTS_PER_MINUTE: '0',
  };
  return { ...env, ...extra };
}

export function tempDir(prefix = 'dify-conformance-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const cwd = options.cwd ?? tempDir();
  const reportDir = join(cwd, 'reports');
  return new Promise((resolveRun, reject) => {
    const started = Date.now();
    const [command, argv] = options.direct === true ? [BIN, args] : [process.execPath, [BIN, ...args]];
    const child = spawn(command, argv, { cwd, env: cleanEnv({ DIFY_REPORT_DIR: reportDir, ...options.env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(chunk.toString());
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    const interrupt = options.interrupt;
    const interruptTimer =
      interrupt === undefined
        ? undefined
        : setInterval(() => {
            if (interrupt.when()) {
              child.kill(interrupt.signal);
              clearInterval(interruptTimer);
            }
          }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      clearInterval(interruptTimer);
      resolveRun({
        code,
        stdout,
        stderr,
        ms: Date.now() - started,
        reportDir,
        results(): RunResults {
          const path = join(reportDir, 'results.json');
          if (!existsSync(path)) throw new Error(`no results.json was written; stderr: ${stderr}`);
          return JSON.parse(readFileSync(path, 'utf8')) as RunResults;
        },
      });
    });
  });
}
