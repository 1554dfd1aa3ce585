/** `dify-conformance fault-matrix`: the suite against every named fault of the reference server. */
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/load-config.ts';
import { FAULTS } from '../../reference-server/faults.ts';
import { USAGE_ERROR, type Command } from '../command.ts';

export const faultMatrixCommand: Command = {
  name: 'fault-matrix',
  synopsis: 'fault-matrix [--scope full|area] [--write FILE.md] [--json FILE.json] [--write-suite-checks] [--seed N] [--concurrency N]',
  summary: 'run the suite against every named fault of the reference server and tell which checks caught each',
  options: [
    {
      flag: '--scope',
      value: 'full|area',
      description:
        'full: every suite file against every fault; area: only the files that declare the checks that must catch the fault (lib/runner/suite-checks.json)',
    },
    { flag: '--write-suite-checks', description: 'rewrite lib/runner/suite-checks.json from the healthy run (which checks each suite file declares)' },
    { flag: '--write', value: 'FILE.md', description: 'write the matrix as Markdown (docs/fault-matrix.md)' },
    { flag: '--json', value: 'FILE.json', description: 'write the matrix as JSON' },
  ],
  takesArguments: false,
  settings: ['seed', 'concurrency'],
  exitStatuses: [
    [0, 'every fault was caught by the checks that target it, and the healthy server passed clean'],
    [1, 'a fault was not caught, or the healthy server did not pass clean'],
    [2, USAGE_ERROR],
  ],
  async execute(args) {
    const matrixFlags = ['--write', '--json', '--scope'];
    const config = loadConfig({ flags: new Map([...args.flags].filter(([flag]) => !matrixFlags.includes(flag))), env: {}, cwd: process.cwd() });
    const scope = args.flags.get('--scope') ?? 'full';
    if (scope !== 'full' && scope !== 'area') throw new ConfigError(`--scope must be "full" or "area", got "${scope}"`);
    const { renderFaultMatrix, runFaultMatrix } = await import('../../runner/fault-matrix.ts');
    const { readSuiteChecks, SUITE_CHECKS_PATH } = await import('../../runner/suite-checks.ts');
    const refreshing = args.switches.has('--write-suite-checks');
    const matrix = await runFaultMatrix({
      faults: FAULTS,
      scope,
      suiteChecks: readSuiteChecks(),
      refreshingSuiteChecks: refreshing,
      maxWorkers: Math.max(config.concurrency, 4),
      ...(config.seed === undefined ? {} : { seed: config.seed }),
    });
    const text = renderFaultMatrix(matrix, new Date().toISOString().slice(0, 10));
    const write = args.flags.get('--write');
    if (write !== undefined) await writeFile(write, text);
    if (refreshing) await writeFile(SUITE_CHECKS_PATH, `${JSON.stringify(matrix.suiteChecks, null, 2)}\n`);
    const json = args.flags.get('--json');
    if (json !== undefined) await writeFile(json, `${JSON.stringify(matrix, null, 2)}\n`);
    const gaps = matrix.rows.filter((r) => r.missed.length > 0);
    for (const gap of gaps) process.stdout.write(`GAP ${gap.fault}: not caught by ${gap.missed.join(', ')}\n`);
    for (const problem of matrix.healthyProblems) process.stdout.write(`HEALTHY ${problem}\n`);
    process.stdout.write(
      `fault matrix: ${matrix.rows.length - gaps.length}/${matrix.rows.length} faults caught, healthy server ${matrix.healthyProblems.length === 0 ? 'clean' : 'NOT clean'}, ${(matrix.durationMs / 1000).toFixed(1)} s\n`,
    );
    return gaps.length === 0 && matrix.healthyProblems.length === 0 ? 0 : 1;
  },
};
