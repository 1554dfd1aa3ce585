/**
 * Declares one conformance test per operation and property for the fuzz
 * suites. The operations come from openapi.yaml; a suite only says where each
 * one is aimed (its fixtures). Operations the plans keep the fuzzer away from
 * still appear, skipped with the reason.
 */
import { conformanceTest, type ConformanceTestContext } from '../suite-kit/conformance-test.ts';
import { loadSpec } from '../spec/spec-index.ts';
import { operationModels } from './operation-models.ts';
import { propertiesOf } from './properties.ts';
import { fuzzProperty, type FuzzTarget } from './run-property.ts';

export type TargetResolver = (t: ConformanceTestContext) => Promise<FuzzTarget>;

export function fuzzOperations(location: 'query' | 'body', targets: Readonly<Record<string, TargetResolver>>): void {
  for (const model of operationModels(loadSpec()).filter((m) => m.location === location)) {
    const operation = model.operationId;
    if (model.plan.sends === 'nothing') {
      for (const property of propertiesOf(model, 'invalid-only')) {
        conformanceTest([property.check], `${operation}: ${property.title}`, async (t) => t.skip(`not fuzzed: ${model.plan.why}`), { operation });
      }
      continue;
    }
    const target = targets[operation];
    if (target === undefined) throw new Error(`lib/fuzz/fuzz-plans.ts lets the suite fuzz ${operation}, but the ${location} fuzz suite does not say where to aim it`);
    for (const property of propertiesOf(model)) {
      conformanceTest([property.check], `${operation}: ${property.title}`, async (t) => fuzzProperty(t, model, property, await target(t)), { operation });
    }
  }
}
