/**
 * Measures the suite's performance and writes docs/benchmarks.md and
 * docs/benchmarks.json. Not part of npm test: it takes a few minutes and wants
 * a quiet machine.
 *   npm run bench
 *   npm run bench -- --only fuzz,sse     (a subset; the docs are left as they are)
 * Exit status 1 only when a benchmark could not be measured; a missed target is a result.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../lib/runner/suite-info.ts';
import { killChildren } from './bench/children.ts';
import type { BenchmarkResult } from './bench/figures.ts';
import { benchFullRun } from './bench/full-run.ts';
import { benchRealisticRun } from './bench/realistic-run.ts';
import { benchFuzzThroughput } from './bench/fuzz-throughput.ts';
import { benchmarksJson, benchmarksMarkdown, consoleTable, machine } from './bench/report.ts';
import { benchSseReader } from './bench/sse-reader.ts';
import { benchValidationCost } from './bench/validation-cost.ts';

type Log = (line: string) => void;

const BENCHMARKS: ReadonlyArray<{ readonly key: string; readonly run: (log: Log) => Promise<BenchmarkResult> }> = [
  { key: 'full-run', run: benchFullRun },
  { key: 'realistic', run: benchRealisticRun },
  { key: 'fuzz', run: benchFuzzThroughput },
  { key: 'validation', run: benchValidationCost },
  { key: 'sse', run: benchSseReader },
];

function selected(argv: readonly string[]): readonly string[] | undefined {
  const at = argv.indexOf('--only');
  if (at === -1) return undefined;
  const keys = (argv[at + 1] ?? '').split(',').filter((k) => k !== '');
  const unknown = keys.filter((k) => !BENCHMARKS.some((b) => b.key === k));
  if (keys.length === 0 || unknown.length > 0) {
    console.error(
      `--only takes a comma-separated list of ${BENCHMARKS.map((b) => b.key).join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`,
    );
    process.exit(2);
  }
  return keys;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren('SIGTERM');
    process.exit(130);
  });
}

const only = selected(process.argv.slice(2));
const log: Log = (line) => console.log(`  ${line}`);
const date = new Date();
const results: BenchmarkResult[] = [];
const errors: string[] = [];
for (const benchmark of BENCHMARKS.filter((b) => only === undefined || only.includes(b.key))) {
  console.log(`${benchmark.key} …`);
  const started = performance.now();
  try {
    results.push(await benchmark.run(log));
  } catch (error) {
    errors.push(`${benchmark.key}: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

console.log(`\n${consoleTable(results)}`);
for (const warning of results.flatMap((r) => r.warnings)) console.log(`warning: ${warning}`);
for (const error of errors) console.error(`bench error: ${error}`);

if (errors.length > 0) {
  console.error('docs/benchmarks.* left as they were: a benchmark could not be measured');
} else if (only !== undefined) {
  console.log('docs/benchmarks.* left as they were: only a subset was measured');
} else {
  const m = machine();
  await writeFile(join(PACKAGE_ROOT, 'docs/benchmarks.json'), benchmarksJson(date, m, results));
  await writeFile(join(PACKAGE_ROOT, 'docs/benchmarks.md'), benchmarksMarkdown(date, m, results));
  console.log('wrote docs/benchmarks.md and docs/benchmarks.json');
}
// Keep-alive sockets and timers of the measured code must not hold the bench open.
process.exit(errors.length > 0 ? 1 : 0);
