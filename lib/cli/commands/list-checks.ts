/** `dify-conformance list-checks`: the check catalogue. */
import { CHECKS } from '../../checks/catalogue.ts';
import { ConfigError } from '../../config/config-error.ts';
import { renderCheckTable } from '../../docs/check-table.ts';
import { USAGE_ERROR, type Command } from '../command.ts';

export const listChecksCommand: Command = {
  name: 'list-checks',
  synopsis: 'list-checks [--format table|markdown|json]',
  summary: 'the check catalogue: id, level, area, spec reference, statement',
  options: [{ flag: '--format', value: 'table|markdown|json', description: 'output format (default table)' }],
  takesArguments: false,
  settings: [],
  exitStatuses: [
    [0, 'the catalogue was printed'],
    [2, USAGE_ERROR],
  ],
  async execute(args) {
    const format = args.flags.get('--format') ?? 'table';
    const sorted = [...CHECKS].sort((a, b) => a.id.localeCompare(b.id));
    if (format === 'json')
      process.stdout.write(
        `${JSON.stringify(
          sorted.map(({ id, level, area, specRef, statement }) => ({ id, level, area, specRef, statement })),
          null,
          2,
        )}\n`,
      );
    else if (format === 'markdown') process.stdout.write(`${renderCheckTable(CHECKS)}\n`);
    else if (format === 'table') {
      const width = Math.max(...CHECKS.map((c) => c.id.length));
      const areaWidth = Math.max(...CHECKS.map((c) => c.area.length));
      process.stdout.write(`${'ID'.padEnd(width)}  LEVEL   ${'AREA'.padEnd(areaWidth)}  STATEMENT [SPEC REFERENCE]\n`);
      for (const c of sorted) process.stdout.write(`${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.area.padEnd(areaWidth)}  ${c.statement} [${c.specRef}]\n`);
    } else throw new ConfigError(`--format must be table, markdown or json, got "${format}"`);
    return 0;
  },
};
