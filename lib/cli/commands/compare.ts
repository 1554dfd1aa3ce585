/** `dify-conformance compare`: what newly fails between two results.json files. */
import { writeFile } from 'node:fs/promises';
import { ConfigError } from '../../config/config-error.ts';
import { compareResults, renderComparison } from '../../results/compare.ts';
import { USAGE_ERROR, type Command } from '../command.ts';
import { failOnFor } from '../fail-on-option.ts';
import { readResults } from '../read-results.ts';

export const compareCommand: Command = {
  name: 'compare',
  synopsis: 'compare OLD.json NEW.json [--json FILE] [--fail-on must|should]',
  summary: 'newly failing, new warnings, fixed, newly skipped, coverage and latency moves between two runs',
  options: [
    { flag: '--json', value: 'FILE', description: 'also write the comparison as JSON' },
    {
      flag: '--fail-on',
      value: 'must|should',
      description: 'which newly failing checks are a regression (default: DIFY_FAIL_ON, else the rule NEW.json was judged by)',
    },
  ],
  takesArguments: true,
  settings: [],
  exitStatuses: [
    [0, 'no regression'],
    [1, 'a check newly fails or errors and would fail a run under the --fail-on rule (a regression)'],
    [2, USAGE_ERROR],
  ],
  async execute(args) {
    const [oldPath, newPath] = args.positionals;
    if (oldPath === undefined || newPath === undefined || args.positionals.length !== 2)
      throw new ConfigError('compare needs two results.json files: dify-conformance compare OLD.json NEW.json');
    const before = await readResults(oldPath);
    const after = await readResults(newPath);
    const comparison = compareResults(before, after, failOnFor(args.flags, process.env, [after]));
    process.stdout.write(`${renderComparison(comparison, before, after)}\n`);
    const json = args.flags.get('--json');
    if (json !== undefined) await writeFile(json, `${JSON.stringify(comparison, null, 2)}\n`);
    return comparison.newlyFailing.length === 0 ? 0 : 1;
  },
};
