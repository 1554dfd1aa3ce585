/** `dify-conformance merge`: joins results.json files of shards or deployments into one report and verdict. */
import { resolve } from 'node:path';
import { ConfigError } from '../../config/config-error.ts';
import { Redactor } from '../../redact/redactor.ts';
import { renderConsoleSummary } from '../../report/console-summary.ts';
import { writeReports } from '../../report/write-reports.ts';
import { computeCoverage } from '../../results/coverage.ts';
import { mergeResults } from '../../results/merge.ts';
import { applyWaivers, loadWaivers } from '../../results/waivers.ts';
import { newRunId } from '../../runner/run-id.ts';
import { loadSpec } from '../../spec/spec-index.ts';
import { COVERAGE_NOTES } from '../../suite-kit/coverage-notes.ts';
import { USAGE_ERROR, type Command } from '../command.ts';
import { failOnFor } from '../fail-on-option.ts';
import { readResults } from '../read-results.ts';

export const mergeCommand: Command = {
  name: 'merge',
  synopsis: 'merge FILE.json… [--report-dir DIR] [--baseline FILE [--strict-baseline]] [--fail-on must|should]',
  summary: 'join the results.json files of shards or deployments into one report and verdict; a shard missing from a set is an error of the merged run',
  options: [
    { flag: '--report-dir', value: 'DIR', description: 'where the merged reports go (default reports)' },
    { flag: '--baseline', value: 'FILE', description: 'report the failures listed in FILE as waived' },
    { flag: '--strict-baseline', description: 'with --baseline: stale or expired waivers fail the merged run' },
    {
      flag: '--fail-on',
      value: 'must|should',
      description: 'which failures fail the merged run (default: DIFY_FAIL_ON, else the rule the parts were judged by)',
    },
  ],
  takesArguments: true,
  settings: [],
  exitStatuses: [
    [0, 'the merged verdict is PASS'],
    [1, 'the merged verdict is FAIL (a check that fails the run failed or errored, or a shard is missing)'],
    [2, USAGE_ERROR],
  ],
  async execute(args) {
    if (args.positionals.length === 0)
      throw new ConfigError('merge needs the results.json files to join: dify-conformance merge shard-1/results.json shard-2/results.json …');
    const baselineFile = args.flags.get('--baseline');
    const strict = args.switches.has('--strict-baseline');
    if (strict && baselineFile === undefined) throw new ConfigError('--strict-baseline needs --baseline FILE');
    const parts = [];
    for (const file of args.positionals) parts.push({ file, results: await readResults(file) });
    const failOn = failOnFor(
      args.flags,
      process.env,
      parts.map((p) => p.results),
    );
    const merged = mergeResults(parts, (exchanges) => computeCoverage(loadSpec(), exchanges, COVERAGE_NOTES), newRunId(), failOn);
    const results =
      baselineFile === undefined ? merged : applyWaivers(merged, loadWaivers(baselineFile), baselineFile, strict, new Date().toISOString().slice(0, 10));
    // The parts were redacted when written; token-shaped strings are masked again on the way out.
    const redactor = new Redactor();
    const reportPaths = await writeReports(results, resolve(process.cwd(), args.flags.get('--report-dir') ?? 'reports'), redactor);
    process.stdout.write(`${redactor.text(renderConsoleSummary(results, reportPaths))}\n`);
    return results.summary.verdict === 'pass' ? 0 : 1;
  },
};
