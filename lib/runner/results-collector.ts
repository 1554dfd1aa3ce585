/**
 * The vitest reporter of a conformance run. It reads each suite test's record
 * from the task meta once the run ends; module errors and unhandled errors
 * become suite errors (never server failures). Tests are tagged with their
 * vitest project, which is the target they ran against.
 */
import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';
import type { TestRecord } from '../model/outcome.ts';
import type { ObservedTest, SuiteError } from '../results/run-results.ts';

export type ProjectTest = ObservedTest & { readonly project: string };
export type ProjectSuiteError = SuiteError & { readonly project: string | undefined };

export class ResultsCollector implements Reporter {
  readonly tests: ProjectTest[] = [];
  readonly suiteErrors: ProjectSuiteError[] = [];
  readonly #onTest: ((test: ObservedTest) => void) | undefined;

  constructor(onTest?: (test: ObservedTest) => void) {
    this.#onTest = onTest;
  }

  onTestCaseResult(testCase: TestCase): void {
    this.#onTest?.(observe(testCase));
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    for (const module of testModules) {
      for (const error of module.errors()) this.suiteErrors.push({ where: module.relativeModuleId, message: error.message, project: module.project.name });
      for (const testCase of module.children.allTests()) this.tests.push(observe(testCase));
    }
    for (const error of unhandledErrors) this.suiteErrors.push({ where: 'unhandled error', message: error.message, project: undefined });
  }
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
  };
}
