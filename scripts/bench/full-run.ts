/**
 * Figure 1: a full default run (`dify-conformance run`) against the embedded
 * reference server, as a user starts it: wall time, requests sent, requests per
 * second, and the peak resident memory of the whole process tree (the run forks
 * vitest workers). The median of three runs is reported, with min and max.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResults } from '../../lib/results/run-results.ts';
import { reapLeftovers, startNode } from './children.ts';
import { MB, median, type BenchmarkResult, type Figure } from './figures.ts';
import { sampleTreeRss, type TreePeak } from './process-tree-rss.ts';

const RUNS = 3;
const RUN_TIMEOUT_MS = 120_000;

interface OneRun {
  readonly wallS: number;
  readonly requests: number;
  readonly peak: TreePeak;
  readonly exitCode: number | null;
  readonly verdict: string;
  /** Processes of the run still alive after it exited. */
  readonly leftovers: boolean;
}

async function runOnce(): Promise<OneRun> {
  const reportDir = await mkdtemp(join(tmpdir(), 'dify-bench-run-'));
  try {
    // Only what a user's shell would need: no DIFY_BASE_URL, so the run starts the embedded server.
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DIFY_REPORT_DIR: reportDir };
    const started = performance.now();
    const run = startNode({ args: ['bin/dify-conformance.js', 'run'], env, timeoutMs: RUN_TIMEOUT_MS });
    const sampler = sampleTreeRss(run.pid);
    const finished = await run.finished;
    const wallS = (performance.now() - started) / 1000;
    const peak = await sampler.stop();
    const leftovers = await reapLeftovers(run);
    if (finished.timedOut) throw new Error(`the run did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
    let results: RunResults;
    try {
      results = JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8')) as RunResults;
    } catch {
      throw new Error(`the run (exit ${finished.signal ?? finished.code}) wrote no results.json:\n${finished.stderr.trim().split('\n').slice(-8).join('\n')}`);
    }
    return { wallS, requests: results.summary.exchanges, peak, exitCode: finished.code, verdict: results.summary.verdict, leftovers };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}

function spread(values: readonly number[], digits: number): string {
  return `min ${Math.min(...values).toFixed(digits)}, max ${Math.max(...values).toFixed(digits)}`;
}

export async function benchFullRun(log: (line: string) => void): Promise<BenchmarkResult> {
  const runs: OneRun[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const run = await runOnce();
    log(
      `full run ${i}/${RUNS}: ${run.wallS.toFixed(1)} s, ${run.requests} requests, tree peak ${(run.peak.treeBytes / MB).toFixed(0)} MB (${run.peak.mostProcesses} processes), largest process ${(run.peak.largestProcessBytes / MB).toFixed(0)} MB (${run.peak.largestProcessName}), exit ${run.exitCode}`,
    );
    runs.push(run);
  }
  const walls = runs.map((r) => r.wallS);
  const rates = runs.map((r) => r.requests / r.wallS);
  const trees = runs.map((r) => r.peak.treeBytes / MB);
  const largest = runs.map((r) => r.peak.largestProcessBytes / MB);
  const requests = runs.map((r) => r.requests);
  const names = [...new Set(runs.map((r) => r.peak.largestProcessName))].join(', ');
  const figures: Figure[] = [
    { id: 'full-run.wall-s', label: 'wall time', value: median(walls), unit: 's', detail: spread(walls, 1), target: { comparison: '<=', value: 20 } },
    { id: 'full-run.requests', label: 'requests sent', value: median(requests), unit: 'requests', detail: spread(requests, 0) },
    { id: 'full-run.requests-per-s', label: 'requests per second', value: median(rates), unit: 'req/s', detail: spread(rates, 0) },
    {
      id: 'full-run.peak-rss-tree-mb',
      label: 'peak RSS, whole process tree',
      value: median(trees),
      unit: 'MB',
      detail: `${spread(trees, 0)}; up to ${Math.max(...runs.map((r) => r.peak.mostProcesses))} processes`,
      target: { comparison: '<', value: 200 },
    },
    {
      id: 'full-run.peak-rss-largest-mb',
      label: 'peak RSS, largest single process',
      value: median(largest),
      unit: 'MB',
      detail: `${spread(largest, 0)}; ${names}`,
      target: { comparison: '<', value: 200 },
    },
  ];
  const warnings = [
    ...runs
      .filter((r) => r.exitCode !== 0 || r.verdict !== 'pass')
      .map((r) => `a full run ended with exit ${r.exitCode} and verdict ${r.verdict} (the healthy reference server should pass)`),
    ...runs.filter((r) => r.leftovers).map(() => 'a full run left processes running after it exited (the bench killed them)'),
  ];
  return {
    name: `Full default run (median of ${RUNS})`,
    method:
      '`node bin/dify-conformance.js run` with only PATH, HOME and DIFY_REPORT_DIR set, so it starts the embedded reference server; wall time from spawn to exit; requests are `summary.exchanges` of its results.json. ' +
      'Memory: every 50 ms the process tree under the run (found through the parent ids in /proc/*/stat) is rebuilt and the VmRSS of its members summed; the peak of the sum and the largest single process are kept.',
    figures,
    warnings,
  };
}
