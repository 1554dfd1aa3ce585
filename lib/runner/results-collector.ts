/**
 * The vitest reporter of a conformance run. It reads each suite test's record
 * from the task meta once the run ends; module errors and unhandled errors
 * become suite errors (never server failures). Tests are tagged with their
 * vitest project, which is the target they ran against.
 */
import type { Reporter, SerializedError, TestCase, TestModule, Vitest } from 'vitest/node';
import { PROMPT_PREFIX } from '../suite-kit/prompt.ts';
import type { TestRecord } from '../model/outcome.ts';
import type { ObservedTest, SuiteError } from '../results/run-results.ts';
import type { ProgressPrinter, TestVerdict } from './progress.ts';

export type ProjectTest = ObservedTest & { readonly project: string };
export type ProjectSuiteError = SuiteError & { readonly project: string | undefined };

export class ResultsCollector implements Reporter {
  readonly tests: ProjectTest[] = [];
  readonly suiteErrors: ProjectSuiteError[] = [];
  #vitest: Vitest | undefined;
  readonly #progress: ProgressPrinter | undefined;

  constructor(progress?: ProgressPrinter) {
    this.#progress = progress;
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest;
    // vitest's logger exits the process on SIGINT/SIGTERM; a conformance run must instead cancel,
    // clean up, audit leaks and still write its reports, so those handlers are taken off (the run
    // command installs its own, which cancel through cancel() below).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) {
        if (listener.name === 'onExit') process.off(signal, listener);
      }
    }
  }

  /** Relays the prompts suites address to the person running them (--interactive); other output stays captured. */
  onUserConsoleLog(log: { content: string }): void {
    if (!log.content.startsWith(PROMPT_PREFIX)) return;
    if (this.#progress === undefined) process.stderr.write(log.content);
    else this.#progress.say(log.content);
  }

  onTestModuleStart(module: TestModule): void {
    this.#progress?.fileStarted(module.relativeModuleId);
  }

  onTestCaseReady(testCase: TestCase): void {
    this.#progress?.testStarted(testCase.module.relativeModuleId, testCase.name);
  }

  onTestCaseResult(testCase: TestCase): void {
    this.#progress?.testFinished(testCase.module.relativeModuleId, verdictOf(testCase));
  }

  onTestModuleEnd(module: TestModule): void {
    this.#progress?.fileFinished(module.relativeModuleId, module.diagnostic().duration);
  }

  /** Cancels the run in progress (SIGINT, SIGTERM): running tests end and run their cleanups. */
  async cancel(): Promise<void> {
    await this.#vitest?.cancelCurrentRun('keyboard-input');
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.suiteErrors.push({ where: module.relativeModuleId, message: error.message, project: module.project.name });
      for (const testCase of module.children.allTests()) this.tests.push(observe(testCase));
    }
    for (const error of unhandledErrors) this.suiteErrors.push({ where: 'unhandled error', message: error.message, project: undefined });
  }
}

function verdictOf(testCase: TestCase): TestVerdict {
  const state = testCase.result().state;
  if (state === 'failed') return 'failed';
  if (state !== 'passed') return 'skipped';
  const record = (testCase.meta() as { dify?: TestRecord }).dify;
  return record?.outcomes.some((o) => o.status === 'failed') === true ? 'warned' : 'ok';
}

function observe(testCase: TestCase): ProjectTest {
  const result = testCase.result();
  const record = (testCase.meta() as { dify?: TestRecord }).dify;
  return {
    name: testCase.name,
    file: testCase.module.relativeModuleId,
    project: testCase.project.name,
    state: result.state,
    errors: (result.errors ?? []).map((e) => e.message),
    record,
    durationMs: testCase.diagnostic()?.duration ?? 0,
  };
}
