/**
 * The command line. Every misconfiguration ends with one line on stderr that
 * says what is wrong and how to fix it, and exit status 2.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CHECKS } from '../checks/catalogue.ts';
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { renderCheckTable } from '../docs/check-table.ts';
import { Redactor } from '../redact/redactor.ts';
import { FAULTS } from '../reference-server/faults.ts';
import { describeReferenceServer, startReferenceServer } from '../reference-server/index.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { writeReports } from '../report/write-reports.ts';
import { compareResults, renderComparison } from '../results/compare.ts';
import { computeCoverage } from '../results/coverage.ts';
import { mergeResults } from '../results/merge.ts';
import { RESULTS_SCHEMA_ID, type RunResults } from '../results/run-results.ts';
import { applyWaivers, loadWaivers } from '../results/waivers.ts';
import { resolveSelection } from '../runner/check-selection.ts';
import { newRunId } from '../runner/run-id.ts';
import { suiteVersion } from '../runner/suite-info.ts';
import { loadSpec } from '../spec/spec-index.ts';
import { COVERAGE_NOTES } from '../suite-kit/coverage-notes.ts';
import { COMMANDS, MATRIX_FLAGS, RUN_FLAGS, SWITCH_FLAGS, VALUE_FLAGS } from './cli-flags.ts';
import { helpText } from './help-text.ts';
import { parseArgs } from './parse-args.ts';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, VALUE_FLAGS, SWITCH_FLAGS, COMMANDS);
  if (args.switches.has('--help')) {
    process.stdout.write(`${helpText(suiteVersion(), argv[0] !== undefined && COMMANDS.has(argv[0]) ? argv[0] : undefined)}\n`);
    return 0;
  }
  if (args.switches.has('--version')) {
    process.stdout.write(`${suiteVersion()}\n`);
    return 0;
  }
  for (const flag of MATRIX_FLAGS) {
    if (args.command !== 'fault-matrix' && !(flag === '--json' && args.command === 'compare') && args.flags.has(flag)) throw new ConfigError(`${flag} is an option of the fault-matrix command only`);
  }
  for (const flag of [...RUN_FLAGS, '--strict-baseline', '--interactive']) {
    const mergeToo = args.command === 'merge' && (flag === '--baseline' || flag === '--strict-baseline');
    if (args.command !== 'run' && !mergeToo && (args.flags.has(flag) || args.switches.has(flag))) throw new ConfigError(`${flag} is an option of the run command only`);
  }
  if (args.flags.has('--format') && args.command !== 'list-checks') throw new ConfigError('--format is an option of the list-checks command only');
  if (args.command === 'fault-matrix') return faultMatrix(args.flags);
  if (args.command === 'compare') return compare(args.positionals, args.flags.get('--json'));
  if (args.command === 'list-checks') return listChecks(args.flags.get('--format') ?? 'table');
  if (args.command === 'merge') return merge(args.positionals, args.flags, args.switches.has('--strict-baseline'));
  const baselineFile = args.flags.get('--baseline');
  const bundleDir = args.flags.get('--bundle');
  for (const flag of RUN_FLAGS) args.flags.delete(flag);
  if (args.switches.has('--strict-baseline') && baselineFile === undefined) throw new ConfigError('--strict-baseline needs --baseline FILE');
  const envFile = args.flags.get('--env-file');
  args.flags.delete('--env-file');
  const config = loadConfig({ flags: args.flags, env: process.env, cwd: process.cwd(), ...(envFile === undefined ? {} : { envFile }) });

  if (args.command === 'reference-server') {
    return serveReference(config.referenceFaults);
  }
  // A bad selection term is a usage error: said before anything loads or starts.
  const selection = resolveSelection(config.only, config.skip, CHECKS);
  // The runner loads vitest: only the commands that run suites pay for it.
  const { runConformance } = await import('../runner/run-conformance.ts');
  const outcome = await runConformance({
    config,
    selection,
    cwd: process.cwd(),
    fileFilters: args.positionals,
    ...(baselineFile === undefined ? {} : { baseline: { file: baselineFile, waivers: loadWaivers(baselineFile), strict: args.switches.has('--strict-baseline') } }),
    ...(bundleDir === undefined ? {} : { bundleDir }),
    interactive: args.switches.has('--interactive'),
  });
  process.stdout.write(`${outcome.summary}\n`);
  return outcome.exitCode;
}

async function readResults(path: string): Promise<RunResults> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as RunResults;
    if (parsed.schema !== RESULTS_SCHEMA_ID) throw new Error(`not a ${RESULTS_SCHEMA_ID} file`);
    return parsed;
  } catch (error) {
    throw new ConfigError(`cannot read ${path} as a results.json file (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function compare(paths: readonly string[], json: string | undefined): Promise<number> {
  const [oldPath, newPath] = paths;
  if (oldPath === undefined || newPath === undefined || paths.length !== 2) throw new ConfigError('compare needs two results.json files: dify-conformance compare OLD.json NEW.json');
  const before = await readResults(oldPath);
  const after = await readResults(newPath);
  const comparison = compareResults(before, after);
  process.stdout.write(`${renderComparison(comparison, before, after)}\n`);
  if (json !== undefined) await writeFile(json, `${JSON.stringify(comparison, null, 2)}\n`);
  return comparison.newlyFailing.length === 0 ? 0 : 1;
}

async function merge(paths: readonly string[], flags: ReadonlyMap<string, string>, strict: boolean): Promise<number> {
  for (const flag of flags.keys()) {
    if (flag !== '--report-dir' && flag !== '--baseline') throw new ConfigError(`${flag} is not an option of merge; merge takes results.json files, --report-dir, --baseline and --strict-baseline`);
  }
  if (paths.length === 0) throw new ConfigError('merge needs the results.json files to join: dify-conformance merge shard-1/results.json shard-2/results.json …');
  const parts = [];
  for (const file of paths) parts.push({ file, results: await readResults(file) });
  const merged = mergeResults(parts, (exchanges) => computeCoverage(loadSpec(), exchanges, COVERAGE_NOTES), newRunId());
  const baselineFile = flags.get('--baseline');
  if (strict && baselineFile === undefined) throw new ConfigError('--strict-baseline needs --baseline FILE');
  const results = baselineFile === undefined ? merged : applyWaivers(merged, loadWaivers(baselineFile), baselineFile, strict, new Date().toISOString().slice(0, 10));
  // The parts were redacted when written; token-shaped strings are masked again on the way out.
  const redactor = new Redactor();
  const reportPaths = await writeReports(results, resolve(process.cwd(), flags.get('--report-dir') ?? 'reports'), redactor);
  process.stdout.write(`${redactor.text(renderConsoleSummary(results, reportPaths))}\n`);
  return results.summary.verdict === 'pass' ? 0 : 1;
}

function listChecks(format: string): number {
  const sorted = [...CHECKS].sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') process.stdout.write(`${JSON.stringify(sorted.map(({ id, level, area, specRef, statement }) => ({ id, level, area, specRef, statement })), null, 2)}\n`);
  else if (format === 'markdown') process.stdout.write(`${renderCheckTable(CHECKS)}\n`);
  else if (format === 'table') {
    const width = Math.max(...CHECKS.map((c) => c.id.length));
    const areaWidth = Math.max(...CHECKS.map((c) => c.area.length));
    process.stdout.write(`${'ID'.padEnd(width)}  LEVEL   ${'AREA'.padEnd(areaWidth)}  STATEMENT [SPEC REFERENCE]\n`);
    for (const c of sorted) process.stdout.write(`${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.area.padEnd(areaWidth)}  ${c.statement} [${c.specRef}]\n`);
  } else throw new ConfigError(`--format must be table, markdown or json, got "${format}"`);
  return 0;
}

async function faultMatrix(flags: ReadonlyMap<string, string>): Promise<number> {
  const config = loadConfig({ flags: new Map([...flags].filter(([flag]) => !MATRIX_FLAGS.includes(flag))), env: {}, cwd: process.cwd() });
  const scope = flags.get('--scope') ?? 'full';
  if (scope !== 'full' && scope !== 'area') throw new ConfigError(`--scope must be "full" or "area", got "${scope}"`);
  const { renderFaultMatrix, runFaultMatrix } = await import('../runner/fault-matrix.ts');
  const matrix = await runFaultMatrix({ faults: FAULTS, scope, maxWorkers: Math.max(config.concurrency, 4), ...(config.seed === undefined ? {} : { seed: config.seed }) });
  const text = renderFaultMatrix(matrix, new Date().toISOString().slice(0, 10));
  const write = flags.get('--write');
  if (write !== undefined) await writeFile(write, text);
  const json = flags.get('--json');
  if (json !== undefined) await writeFile(json, `${JSON.stringify(matrix, null, 2)}\n`);
  const gaps = matrix.rows.filter((r) => r.missed.length > 0);
  for (const gap of gaps) process.stdout.write(`GAP ${gap.fault}: not caught by ${gap.missed.join(', ')}\n`);
  for (const problem of matrix.healthyProblems) process.stdout.write(`HEALTHY ${problem}\n`);
  process.stdout.write(`fault matrix: ${matrix.rows.length - gaps.length}/${matrix.rows.length} faults caught, healthy server ${matrix.healthyProblems.length === 0 ? 'clean' : 'NOT clean'}, ${(matrix.durationMs / 1000).toFixed(1)} s\n`);
  return gaps.length === 0 && matrix.healthyProblems.length === 0 ? 0 : 1;
}

async function serveReference(faults: readonly string[]): Promise<number> {
  let server;
  try {
    server = await startReferenceServer({ faults, port: Number(process.env['PORT'] ?? 0) });
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(`${describeReferenceServer(server)}\n\nPress Ctrl-C to stop.\n`);
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  await server.close();
  return 0;
}

// A reader that stops early (`| head`) is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`dify-conformance: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`dify-conformance: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
