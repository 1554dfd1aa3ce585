/**
 * The vitest reporter of a conformance run. It reads each suite test's record
 * from the task meta once the run ends; module errors and unhandled errors
 * become suite errors (never server failures).
 */
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';
import type { TestRecord } from '../model/outcome.ts';
import type { ObservedTest, SuiteError } from '../results/run-results.ts';

export class ResultsCollector implements Reporter {
  readonly tests: ObservedTest[] = [];
  readonly suiteErrors: SuiteError[] = [];
  /** Called as each test finishes: the progress line. */
  readonly #onTest: ((test: ObservedTest) => void) | undefined;

  constructor(onTest?: (test: ObservedTest) => void) {
    this.#onTest = onTest;
  }

  onTestCaseResult(testCase: TestCase): void {
    this.#onTest?.(observe(testCase));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.suiteErrors.push({ where: module.relativeModuleId, message: error.message });
      for (const testCase of module.children.allTests()) this.tests.push(observe(testCase));
    }
    for (const error of unhandledErrors) this.suiteErrors.push({ where: 'unhandled error', message: error.message });
  }
}

function observe(testCase: TestCase): ObservedTest {
  const result = testCase.result();
  const record = (testCase.meta() as { dify?: TestRecord }).dify;
  return {
    name: testCase.name,
    file: testCase.module.relativeModuleId,
    state: result.state,
    errors: (result.errors ?? []).map((e) => e.message),
    record,
  };
}
