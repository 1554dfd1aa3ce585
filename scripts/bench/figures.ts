/**
 * What every benchmark hands back: figures with their unit and, where the
 * project has one, the target they are held to. A missed target is a result
 * to report, never an error of the bench.
 */

export interface Target {
  readonly comparison: '<' | '<=' | '>=';
  readonly value: number;
}

export interface Figure {
  /** Stable key in docs/benchmarks.json, e.g. 'full-run.wall-s'. */
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** Spread, counts or context, e.g. 'min 17.2, max 19.0'. */
  readonly detail?: string;
  readonly target?: Target;
}

export interface BenchmarkResult {
  readonly name: string;
  /** Two or three sentences: how the figures are measured. */
  readonly method: string;
  readonly figures: readonly Figure[];
  /** Things a reader of the figures must know (e.g. a run that did not pass). */
  readonly warnings: readonly string[];
}

export function meets(value: number, target: Target): boolean {
  switch (target.comparison) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>=':
      return value >= target.value;
  }
}

export function verdict(figure: Figure): 'met' | 'missed' | undefined {
  if (figure.target === undefined) return undefined;
  return meets(figure.value, figure.target) ? 'met' : 'missed';
}

/** Three significant digits at most, without exponent notation. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatTarget(figure: Figure): string {
  if (figure.target === undefined) return '';
  return `${figure.target.comparison} ${formatNumber(figure.target.value)} ${figure.unit}`.trim();
}

export const MB = 1024 * 1024;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}
