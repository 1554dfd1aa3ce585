/**
 * Runs the vitest suites under suites/ in this process, once per target: each
 * target is a vitest project with its own run context, so one vitest instance
 * (one transform cache, one worker pool) can check many servers at once, as
 * the fault matrix does.
 */
import { startVitest } from 'vitest/node';
import type { ObservedTest, SuiteError } from '../results/run-results.ts';
import type { RunContext } from '../suite-kit/run-context.ts';
import type { ProgressPrinter } from './progress.ts';
import { ResultsCollector } from './results-collector.ts';
import { PACKAGE_ROOT } from './suite-info.ts';
import { selectSuiteFiles, SUITES_DIR } from './suite-files.ts';

export interface SuiteTarget {
  /** Project name; unique among the targets of one call. */
  readonly name: string;
  readonly run: RunContext;
  /** Suite files (names without .test.ts) to run for this target; all when absent. */
  readonly suites?: readonly string[];
  /** Runs only this target's tests whose names match (the fault matrix: the tests that declare a fault's checks). */
  readonly testNamePattern?: RegExp;
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
  /** How the caller narrowed the targets' files (a shard, a budget): said when no test ran. */
  readonly narrowedBy?: readonly string[];
}

export interface SuiteRunOutput {
  readonly tests: readonly ObservedTest[];
  readonly suiteErrors: readonly SuiteError[];
}

export async function runSuites(targets: readonly SuiteTarget[], options: SuiteRunOptions): Promise<ReadonlyMap<string, SuiteRunOutput>> {
  const collector = new ResultsCollector(options.progress);
  const cancel = (): void => {
    void collector.cancel();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  // The files of each target are chosen here, not by vitest's own file filters; an empty choice
  // includes a name that matches no file, so it runs nothing.
  const includeOf = (target: SuiteTarget): string[] => {
    const files = selectSuiteFiles(options.fileFilters ?? [], target.suites);
    return files.length === 0 ? ['(no suite file)'] : files.map((name) => `${name}.test.ts`);
  };
  const vitest = await startVitest('test', [], {
    config: false,
    root: PACKAGE_ROOT,
    watch: false,
    reporters: [collector],
    maxWorkers: options.maxWorkers,
    passWithNoTests: true,
    ...(options.testNamePattern === undefined ? {} : { testNamePattern: options.testNamePattern }),
    projects: targets.map((target) => ({
      test: {
        name: target.name,
        dir: SUITES_DIR,
        include: includeOf(target),
        provide: { difyRun: target.run },
        ...(target.testNamePattern === undefined ? {} : { testNamePattern: target.testNamePattern }),
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
        ...(options.narrowedBy ?? []),
      ];
      errors.push({ where: 'run', message: `no suite test ran${narrowed.length > 0 ? ` (${narrowed.join('; ')})` : ''}` });
    }
    out.set(target.name, { tests, suiteErrors: errors });
  }
  return out;
}
