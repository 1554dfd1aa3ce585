/**
 * Runs the vitest suites under suites/ in this process, once per target: each
 * target is a vitest project with its own run context, so one vitest instance
 * (one transform cache, one worker pool) can check many servers at once, as
 * the fault matrix does.
 */
import { resolve } from 'node:path';
import { startVitest } from 'vitest/node';
import type { ObservedTest, SuiteError } from '../results/run-results.ts';
import type { RunContext } from '../suite-kit/run-context.ts';
import type { ProgressPrinter } from './progress.ts';
import { ResultsCollector } from './results-collector.ts';
import { PACKAGE_ROOT } from './suite-info.ts';

export interface SuiteTarget {
  /** Project name; unique among the targets of one call. */
  readonly name: string;
  readonly run: RunContext;
  /** Suite files (names without .test.ts) to run for this target; all when absent. */
  readonly suites?: readonly string[];
}

export interface SuiteRunOptions {
  readonly fileFilters?: readonly string[];
  readonly maxWorkers: number;
  readonly testTimeoutMs: number;
  /** Aborting cancels the run: tests stop, cleanups run, results so far are kept. */
  readonly signal?: AbortSignal;
  /** Runs only the tests whose names match (--only/--skip). */
  readonly testNamePattern?: RegExp;
  /** Reports progress while the run goes on. */
  readonly progress?: ProgressPrinter;
  /** Runs only this shard of the suite files (--shard i/n). */
  readonly shard?: { readonly index: number; readonly count: number };
}

export interface SuiteRunOutput {
  readonly tests: readonly ObservedTest[];
  readonly suiteErrors: readonly SuiteError[];
}

export async function runSuites(targets: readonly SuiteTarget[], options: SuiteRunOptions): Promise<ReadonlyMap<string, SuiteRunOutput>> {
  const collector = new ResultsCollector(options.progress);
  const cancel = (): void => { void collector.cancel(); };
  options.signal?.addEventListener('abort', cancel, { once: true });
  const vitest = await startVitest('test', [...(options.fileFilters ?? [])], {
    config: false,
    root: PACKAGE_ROOT,
    watch: false,
    reporters: [collector],
    maxWorkers: options.maxWorkers,
    passWithNoTests: true,
    ...(options.testNamePattern === undefined ? {} : { testNamePattern: options.testNamePattern }),
    ...(options.shard === undefined ? {} : { shard: `${options.shard.index}/${options.shard.count}` }),
    projects: targets.map((target) => ({
      test: {
        name: target.name,
        dir: resolve(PACKAGE_ROOT, 'suites'),
        include: target.suites === undefined ? ['**/*.test.ts'] : target.suites.map((name) => `${name}.test.ts`),
        provide: { difyRun: target.run },
        testTimeout: options.testTimeoutMs,
        hookTimeout: options.testTimeoutMs,
        // Workers keep modules between files: spec, validators and fixtures are built once.
        isolate: false,
      },
    })),
  });
  await vitest.close();
  options.progress?.finish();
  options.signal?.removeEventListener('abort', cancel);
  // vitest sets a failing exit code of its own; the caller's verdict decides it.
  process.exitCode = undefined;

  const out = new Map<string, SuiteRunOutput>();
  for (const target of targets) {
    const tests = collector.tests.filter((t) => t.project === target.name);
    const errors = collector.suiteErrors.filter((e) => e.project === undefined || e.project === target.name).map(({ where, message }) => ({ where, message }));
    // A run that checked nothing must never read as a pass.
    if (tests.length === 0) {
      const narrowed = [
        ...((options.fileFilters ?? []).length > 0 ? [`file filters: ${(options.fileFilters ?? []).join(' ')}`] : []),
        ...(options.shard === undefined ? [] : [`shard ${options.shard.index}/${options.shard.count}, which gets no suite file when there are fewer files than shards`]),
      ];
      errors.push({ where: 'run', message: `no suite test ran${narrowed.length > 0 ? ` (${narrowed.join('; ')})` : ''}` });
    }
    out.set(target.name, { tests, suiteErrors: errors });
  }
  return out;
}
