/** --help output, per command; the options are generated from the settings table so they never drift from it. */
import { SETTINGS } from '../config/settings.ts';

const WIDTH = Math.max(...SETTINGS.map((s) => s.flag.length)) + 8;

function settingLines(): string[] {
  return SETTINGS.map((s) => `  ${`${s.flag} <value>`.padEnd(WIDTH)} ${s.env}${s.defaultValue === undefined ? '' : ` (default ${s.defaultValue})`}\n  ${''.padEnd(WIDTH)} ${s.description}`);
}

const USAGE: Readonly<Record<string, readonly string[]>> = {
  run: [
    '  dify-conformance [run] [options] [suite-file-filter…]   run the suites (default command)',
    '      --only TERMS           judge only these checks (ids, id prefixes ending in *, areas, MUST/SHOULD)',
    '      --skip TERMS           leave these checks out',
    '      --shard i/n            run shard i of n of the suite files (join the shards with merge)',
    '      --baseline FILE        report the failures listed in FILE (docs/waivers.md) as waived',
    '      --strict-baseline      with --baseline: stale or expired waivers fail the run',
    '      --bundle DIR           also write a certification bundle (reports, config, run.json, manifest.json)',
    '      --interactive          without a console session, print each device code and wait for a person to approve it',
  ],
  compare: ['  dify-conformance compare OLD.json NEW.json [--json FILE]   newly failing, fixed, newly skipped; exit 1 on a regression'],
  merge: [
    '  dify-conformance merge FILE.json… [--report-dir DIR] [--baseline FILE [--strict-baseline]]',
    '                                                          join the results.json files of shards or deployments into one report and verdict;',
    '                                                          a shard missing from a set is an error of the merged run',
  ],
  'list-checks': ['  dify-conformance list-checks [--format table|markdown|json]   the check catalogue: id, level, area, spec reference, statement'],
  'reference-server': ['  dify-conformance reference-server [--fault <name>]      start the embedded reference server and print how to reach it (PORT sets the port)'],
  'fault-matrix': [
    '  dify-conformance fault-matrix [--scope full|area] [--write FILE.md] [--json FILE.json]',
    '                                                          run the suite against every named fault of the reference server',
  ],
};

const EXIT = 'Exit status: 0 no required check failed or errored; 1 one did; 2 configuration or usage error.';

/** The whole help (no command, or `run --help`), or the help of one command. */
export function helpText(version: string, command?: string): string {
  const title = `dify-conformance ${version}: conformance suite for Dify's user-scoped API (/openapi/v1)`;
  const single = command === undefined || command === 'run' ? undefined : USAGE[command];
  if (single !== undefined) return [title, '', 'Usage:', ...single, '', EXIT].join('\n');
  return [
    title,
    '',
    'Usage:',
    ...Object.values(USAGE).flat(),
    '  dify-conformance --version | --help | <command> --help',
    '',
    'With no --base-url / DIFY_BASE_URL the embedded reference server is started and tested.',
    'Precedence: flags > environment > .env file > defaults. Progress goes to stderr: a live line on a',
    'terminal, a line per suite file under CI=true or when piped; NO_COLOR turns colour off.',
    '',
    'Options of run (each also an environment variable; see docs/configuration.md):',
    `  ${'--env-file <path>'.padEnd(WIDTH)} read settings from this file instead of ./.env`,
    ...settingLines(),
    '',
    EXIT,
  ].join('\n');
}
