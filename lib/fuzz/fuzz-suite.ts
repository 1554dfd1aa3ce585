/**
 * Declares one conformance test per operation for the fuzz suites, deciding
 * every property of the operation from the same requests. The operations come
 * from openapi.yaml; a suite only says where each one is aimed (its
 * fixtures). Operations the plans keep the fuzzer away from still appear,
 * skipped with the reason.
 */
import { conformanceTest, type ConformanceTestContext } from '../suite-kit/conformance-test.ts';
import { loadSpec } from '../spec/spec-index.ts';
import { operationModels } from './operation-models.ts';
import { propertiesOf } from './properties.ts';
import { fuzzOperation, type FuzzTarget } from './run-operation.ts';

export type TargetResolver = (t: ConformanceTestContext) => Promise<FuzzTarget>;

const TITLE = 'every input class once, boundaries first, then generated inputs';

export function fuzzOperations(location: 'query' | 'body', targets: Readonly<Record<string, TargetResolver>>): void {
  for (const model of operationModels(loadSpec()).filter((m) => m.location === location)) {
    const operation = model.operationId;
    if (model.plan.sends === 'nothing') {
      const checks = propertiesOf(model, 'invalid-only').map((p) => p.check);
      conformanceTest(checks, `${operation}: ${TITLE}`, async (t) => t.skip(`not fuzzed: ${model.plan.why}`), { operation });
      continue;
    }
    const target = targets[operation];
    if (target === undefined)
      throw new Error(`lib/fuzz/fuzz-plans.ts lets the suite fuzz ${operation}, but the ${location} fuzz suite does not say where to aim it`);
    conformanceTest(
      propertiesOf(model).map((p) => p.check),
      `${operation}: ${TITLE}`,
      async (t) => fuzzOperation(t, model, await target(t)),
      { operation },
    );
  }
}
