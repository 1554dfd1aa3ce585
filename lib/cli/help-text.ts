/** --help output, generated from the settings table so it never drifts from it. */
import { SETTINGS } from '../config/settings.ts';

export function helpText(version: string): string {
  const width = Math.max(...SETTINGS.map((s) => s.flag.length)) + 8;
  const options = SETTINGS.map((s) => `  ${`${s.flag} <value>`.padEnd(width)} ${s.env}${s.defaultValue === undefined ? '' : ` (default ${s.defaultValue})`}\n  ${''.padEnd(width)} ${s.description}`);
  return [
    `dify-conformance ${version}: conformance suite for Dify's user-scoped API (/openapi/v1)`,
    '',
    'Usage:',
    '  dify-conformance [run] [options] [suite-file-filter…]   run the suites (default command)',
    '      --baseline FILE        report the failures listed in FILE (docs/waivers.md) as waived',
    '      --strict-baseline      with --baseline: stale or expired waivers fail the run',
    '      --bundle DIR           also write a certification bundle (reports, config, run.json, manifest.json)',
    '      --interactive          without a console session, print each device code and wait for a person to approve it',
    '  dify-conformance compare OLD.json NEW.json [--json FILE] newly failing, fixed, newly skipped; exit 1 on a regression',
    '  dify-conformance list-checks [--format table|markdown|json]',
    '  dify-conformance reference-server [--fault <name>]      start the embedded reference server and print how to reach it',
    '  dify-conformance fault-matrix [--scope full|area] [--write FILE.md] [--json FILE.json]',
    '                                                          run the suite against every named fault of the reference server',
    '  dify-conformance --version | --help',
    '',
    'With no --base-url / DIFY_BASE_URL the embedded reference server is started and tested.',
    'Precedence: flags > environment > .env file > defaults.',
    '',
    'Options:',
    `  ${'--env-file <path>'.padEnd(width)} read settings from this file instead of ./.env`,
    ...options,
    '',
    'Exit status: 0 no required check failed or errored; 1 one did; 2 configuration or usage error.',
  ].join('\n');
}
