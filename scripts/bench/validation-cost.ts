/** Figure 3: microseconds per response body validated with the suite's ContractCompiler (measured in a child process). */
import { runTsChild } from './children.ts';
import type { BenchmarkResult, Figure } from './figures.ts';
import type { ValidationCost } from './validation-child.ts';

const CHILD_TIMEOUT_MS = 60_000;
/** The typical answer is small; the target holds for it. */
const SMALL_TARGET_US = 50;

export async function benchValidationCost(log: (line: string) => void): Promise<BenchmarkResult> {
  const costs = await runTsChild<ValidationCost[]>('validation-child.ts', [], CHILD_TIMEOUT_MS);
  const figures: Figure[] = costs.map((cost, index) => {
    log(`validation of ${cost.name} (${cost.bytes} bytes): ${cost.meanUs.toFixed(1)} µs`);
    const small = cost.bytes < 4096;
    return {
      id: `validation.${['small', 'error', 'large'][index] ?? index}-us`,
      label: `${cost.name} (${(cost.bytes / 1024).toFixed(1)} kB)`,
      value: cost.meanUs,
      unit: 'µs',
      detail: `mean of ${cost.iterations} after ${cost.iterations / 10} warm-up`,
      ...(small ? { target: { comparison: '<' as const, value: SMALL_TARGET_US } } : {}),
    };
  });
  return {
    name: 'Response validation cost',
    method:
      'In a child process, one ContractCompiler (compiled once, as a worker does) validates real reference-server bodies with `validateBody` / `validateErrorBody`: the getAccount 200 and a 422 ErrorBody 20,000 times each, a listApps 200 grown to 200 rows 2,000 times, after a tenth of that as warm-up; mean from process.hrtime.bigint.',
    figures,
    warnings: [],
  };
}
