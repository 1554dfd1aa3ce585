/**
 * The coverage matrix: every operation × every documented response code,
 * exercised by the run or not, and why not.
 */
import type { ExchangeSummary } from '../model/outcome.ts';
import type { SpecIndex } from '../spec/spec-index.ts';

export interface CoverageCell {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** '200', '422', 'default', … */
  readonly code: string;
  readonly exercised: boolean;
  /** Statuses seen that this cell stands for (one for a code, the errors it covered for `default`). */
  readonly observed: readonly number[];
  /** Why the cell was not exercised. */
  readonly reason?: string;
}

export interface Coverage {
  readonly operationsExercised: number;
  readonly operations: number;
  readonly responsesExercised: number;
  readonly responses: number;
  readonly cells: readonly CoverageCell[];
  /** Statuses seen that the operation does not list (errors on operations without `default` fall under the API-wide ErrorBody rule). */
  readonly unlisted: readonly { readonly operation: string; readonly status: number }[];
}

/** Why a cell cannot be exercised, when the suite knows; keys are `operationId code`. */
export type CoverageNotes = ReadonlyMap<string, string>;

export function computeCoverage(spec: SpecIndex, exchanges: readonly ExchangeSummary[], notes: CoverageNotes): Coverage {
  const seen = new Map<string, Set<number>>();
  for (const e of exchanges) {
    if (e.operation === null || e.status === null) continue;
    const statuses = seen.get(e.operation) ?? new Set<number>();
    statuses.add(e.status);
    seen.set(e.operation, statuses);
  }
  const cells: CoverageCell[] = [];
  const unlisted: { operation: string; status: number }[] = [];
  for (const op of spec.operations) {
    const statuses = [...(seen.get(op.operationId) ?? [])].sort((a, b) => a - b);
    const codes = [...op.responses.keys()];
    for (const code of codes) {
      const observed = code === 'default' ? statuses.filter((s) => s >= 400 && !op.responses.has(String(s))) : statuses.filter((s) => String(s) === code);
      const exercised = observed.length > 0;
      const reason = exercised ? undefined : (notes.get(`${op.operationId} ${code}`) ?? 'not exercised by this run');
      cells.push({ operation: op.operationId, method: op.method, path: op.path, code, exercised, observed, ...(reason === undefined ? {} : { reason }) });
    }
    for (const s of statuses) {
      if (!op.responses.has(String(s)) && (s < 400 || !op.responses.has('default'))) unlisted.push({ operation: op.operationId, status: s });
    }
  }
  const operations = spec.operations.length;
  const operationsExercised = spec.operations.filter((op) => (seen.get(op.operationId)?.size ?? 0) > 0).length;
  return {
    operationsExercised,
    operations,
    responsesExercised: cells.filter((c) => c.exercised).length,
    responses: cells.length,
    cells,
    unlisted,
  };
}

export function coverageLine(coverage: Coverage): string {
  return `operations exercised ${coverage.operationsExercised}/${coverage.operations}, documented responses exercised ${coverage.responsesExercised}/${coverage.responses}`;
}
