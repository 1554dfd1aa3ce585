/**
 * Figure: time to verdict on a real deployment. A full default run against a
 * reference server of the realistic profile at its real defaults (60 requests
 * a minute per token, device codes at interval 5 s and lifetime 900 s, every
 * quota of docs/server-behavior.md §12.5), configured as a user configures a
 * deployment and paced as the suite paces any server; then the fault matrix at
 * the same defaults, for the detection side.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { referenceServerEnv } from '../../lib/reference-server/describe.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { RunResults } from '../../lib/results/run-results.ts';
import { startNode } from './children.ts';
import type { BenchmarkResult, Figure } from './figures.ts';

const RUN_TIMEOUT_MS = 20 * 60_000;
const MATRIX_TIMEOUT_MS = 30 * 60_000;

async function realisticRun(log: (line: string) => void): Promise<{ wallS: number; results: RunResults; planned: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'dify-bench-realistic-'));
  const server = await startReferenceServer({ profile: 'realistic' });
  try {
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      ...parse(referenceServerEnv(server)),
      DIFY_REPORT_DIR: dir,
      DIFY_QUOTA_LEDGER: join(dir, 'ledger.json'),
    };
    const started = performance.now();
    const run = startNode({ args: ['bin/dify-conformance.js', 'run'], env, timeoutMs: RUN_TIMEOUT_MS });
    const finished = await run.finished;
    const wallS = (performance.now() - started) / 1000;
    if (finished.timedOut) throw new Error(`the realistic run did not finish within ${RUN_TIMEOUT_MS / 60_000} min`);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as RunResults;
    const planned = /^plan: .*$/m.exec(finished.stderr)?.[0] ?? '';
    log(`realistic run: ${wallS.toFixed(0)} s, ${results.summary.exchanges} requests, exit ${finished.code}; ${planned}`);
    return { wallS, results, planned };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function faultMatrix(log: (line: string) => void): Promise<{ caught: number; total: number; line: string }> {
  const run = startNode({
    args: ['bin/dify-conformance.js', 'fault-matrix', '--scope', 'area'],
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    timeoutMs: MATRIX_TIMEOUT_MS,
  });
  const finished = await run.finished;
  const line = /^fault matrix: .*$/m.exec(finished.stdout)?.[0];
  const counts = /(\d+)\/(\d+) faults caught/.exec(line ?? '');
  if (line === undefined || counts === null) throw new Error(`the fault matrix printed no summary (exit ${finished.code})`);
  log(line);
  return { caught: Number(counts[1]), total: Number(counts[2]), line };
}

export async function benchRealisticRun(log: (line: string) => void): Promise<BenchmarkResult> {
  const { wallS, results, planned } = await realisticRun(log);
  const matrix = await faultMatrix(log);
  const s = results.summary;
  const figures: Figure[] = [
    {
      id: 'realistic-run.wall-min',
      label: 'wall time',
      value: wallS / 60,
      unit: 'min',
      detail: planned.replace(/^plan: /, 'planned: '),
      target: { comparison: '<', value: 10 },
    },
    {
      id: 'realistic-run.requests',
      label: 'requests sent',
      value: s.exchanges,
      unit: 'requests',
      detail: `${s.passed} passed, ${s.skipped} skipped, ${s.failed} failed, ${s.errored} errored`,
    },
    {
      id: 'realistic-run.faults-caught',
      label: 'faults caught (fault matrix, same defaults)',
      value: matrix.caught,
      unit: `of ${matrix.total}`,
      detail: matrix.line.replace(/^fault matrix: /, ''),
      target: { comparison: '>=', value: matrix.total },
    },
  ];
  const warnings = [
    ...(s.failed > 0 || s.errored > 0 || s.warnings > 0
      ? [`the realistic run had ${s.failed} failed, ${s.warnings} warnings and ${s.errored} errored checks (a default deployment should have none)`]
      : []),
  ];
  return {
    name: 'Full run against the realistic profile at 60 requests/min per token',
    method:
      'A reference server of the realistic profile at its real defaults (60 requests a minute per token, device codes at interval 5 s and lifetime 900 s, every quota of docs/server-behavior.md §12.5) in the bench process; `node bin/dify-conformance.js run` configured with the `.env` lines the reference server prints, so the suite paces itself as against any server; wall time from spawn to exit, requests from results.json. ' +
      'Faults caught: `node bin/dify-conformance.js fault-matrix --scope area` at the same suite defaults, each fault against the suites that declare the checks that must catch it.',
    figures,
    warnings,
  };
}
