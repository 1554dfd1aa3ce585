/**
 * The suite's fuzzing path minus vitest: the listApps query fuzzing of
 * suites/fuzz-queries.test.ts run through lib/fuzz/run-operation.ts exactly as
 * a suite test runs it (the examples, then fast-check inputs from the spec's
 * generators, each sent through the worker's HttpClient by `t.call`, which
 * applies the response checks with the compiled contracts, then the
 * properties' own checks), one Recorder per operation run as conformanceTest
 * makes.
 */
import { operationModel, type OperationModel } from '../../lib/fuzz/operation-models.ts';
import { propertiesOf } from '../../lib/fuzz/properties.ts';
import { fuzzOperation, type FuzzTarget } from '../../lib/fuzz/run-operation.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { ConformanceTestContext } from '../../lib/suite-kit/conformance-test.ts';
import { Recorder } from '../../lib/suite-kit/recorder.ts';
import { GRANT_ALL } from '../../lib/quota/quotas.ts';
import type { RunContext } from '../../lib/suite-kit/run-context.ts';
import { buildHarness, type WorkerHarness } from '../../lib/suite-kit/worker-harness.ts';
import type { ReferenceServerInfo } from './reference-server-child.ts';
import { defaultRunSettings, runContext, serverTarget, unconfiguredTarget } from '../../lib/runner/run-plan.ts';

const OPERATION = 'listApps';

export interface FuzzLoad {
  readonly requests: number;
  readonly perSecond: number;
  readonly operationRuns: number;
  /** Outcomes other than passed, and thrown errors: the healthy server should cause none. */
  readonly problems: readonly string[];
}

function benchRun(server: ReferenceServerInfo): RunContext {
  const target = serverTarget(server.baseUrl, { ...unconfiguredTarget(), token: server.token, workspaceId: server.workspaceId });
  return runContext({
    runId: 'bench-fuzz',
    target: { ...target, embedded: true },
    settings: defaultRunSettings(),
    seed: 1,
    idsAreUuids: true,
    quota: GRANT_ALL,
  });
}

export class SuiteFuzzer {
  readonly #harness: WorkerHarness;
  readonly #model: OperationModel;
  readonly #checks: readonly string[];
  readonly #target: FuzzTarget;
  #seed = 1;

  constructor(server: ReferenceServerInfo) {
    // The suite's own harness (HttpClient, compiled contracts, redactor), built without vitest.
    this.#harness = buildHarness(benchRun(server));
    const model = operationModel(loadSpec(), OPERATION);
    if (model === undefined) throw new Error(`openapi.yaml gives ${OPERATION} no query parameters to fuzz`);
    this.#model = model;
    this.#checks = propertiesOf(model).map((p) => p.check.id);
    // As suites/fuzz-queries.test.ts aims it: the guarded workspace_id stays the fixture's.
    this.#target = { fixed: { workspace_id: server.workspaceId } };
  }

  /** Fuzzes the operation once (its examples, then DIFY_FUZZ_RUNS generated inputs, a fresh seed each time); returns the requests it sent. */
  async #runOperation(problems: string[]): Promise<number> {
    const harness: WorkerHarness = { ...this.#harness, run: { ...this.#harness.run, seed: this.#seed++ } };
    const recorder = new Recorder(this.#checks, harness.evidence);
    const t = new ConformanceTestContext(harness, recorder);
    try {
      await fuzzOperation(t, this.#model, this.#target);
    } catch (error) {
      problems.push(`${OPERATION}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await t.runCleanups();
    }
    const record = recorder.toRecord();
    for (const outcome of record.outcomes) {
      if (outcome.status !== 'passed') problems.push(`${outcome.checkId} ${outcome.status}: ${outcome.message}`);
    }
    return record.exchanges.length;
  }

  /** `concurrency` operation runs at a time, started until `durationMs` has passed. */
  async load(concurrency: number, durationMs: number): Promise<FuzzLoad> {
    const started = performance.now();
    const deadline = started + durationMs;
    const problems: string[] = [];
    let requests = 0;
    let operationRuns = 0;
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        // Awaited first: `requests += await …` would read the total before the wait and lose the other workers' counts.
        const sent = await this.#runOperation(problems);
        requests += sent;
        operationRuns++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsedS = (performance.now() - started) / 1000;
    return { requests, perSecond: requests / elapsedS, operationRuns, problems };
  }

  close(): Promise<void> {
    return this.#harness.http.close();
  }
}
