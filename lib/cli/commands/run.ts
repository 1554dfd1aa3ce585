/** `dify-conformance run`: the conformance run, and the default command. */
import { CHECKS } from '../../checks/catalogue.ts';
import { ConfigError } from '../../config/config-error.ts';
import { loadConfig } from '../../config/load-config.ts';
import { SETTINGS } from '../../config/settings.ts';
import { chooseTarget } from '../../config/target-choice.ts';
import { loadWaivers } from '../../results/waivers.ts';
import { resolveSelection } from '../../runner/check-selection.ts';
import { selectSuiteFiles } from '../../runner/suite-files.ts';
import { USAGE_ERROR, type Command } from '../command.ts';

export const runCommand: Command = {
  name: 'run',
  synopsis: '[run] [options] [suite-file-filter…]',
  summary: 'run the suites against the server of DIFY_BASE_URL, or the embedded reference server (the default command)',
  options: [
    { flag: '--embedded', description: 'test the embedded reference server (the default only when nothing names a server and CI is not set)' },
    { flag: '--only', value: 'TERMS', description: 'judge only these checks (ids, id prefixes ending in *, areas, MUST/SHOULD)' },
    { flag: '--skip', value: 'TERMS', description: 'leave these checks out' },
    { flag: '--shard', value: 'i/n', description: 'run shard i of n of the suite files, dealt by cost (join the shards with merge)' },
    { flag: '--fail-on', value: 'must|should', description: 'should: SHOULD failures fail the run too (else they are warnings)' },
    { flag: '--wait-for-server', value: 'SECONDS', description: 'wait for a freshly started server to answer before judging it' },
    { flag: '--baseline', value: 'FILE', description: 'report the failures listed in FILE (docs/waivers.md) as waived' },
    { flag: '--strict-baseline', description: 'with --baseline: stale or expired waivers fail the run' },
    { flag: '--bundle', value: 'DIR', description: 'also write a certification bundle (reports, config, run.json with the replay command, manifest.json)' },
    { flag: '--interactive', description: 'without a console session, print each device code and wait for a person to approve it' },
    { flag: '--env-file', value: 'PATH', description: 'read settings from this file instead of ./.env' },
  ],
  takesArguments: true,
  settings: SETTINGS.map((s) => s.key),
  exitStatuses: [
    [0, 'no check that fails the run failed or errored (MUST checks; SHOULD checks too with --fail-on should)'],
    [1, 'such a check failed or errored, or the suite itself hit an error (the reports say which)'],
    [2, `${USAGE_ERROR}; nothing was sent to the server beyond the preflight`],
  ],
  async execute(args) {
    const baselineFile = args.flags.get('--baseline');
    const bundleDir = args.flags.get('--bundle');
    const envFile = args.flags.get('--env-file');
    for (const flag of ['--baseline', '--bundle', '--env-file']) args.flags.delete(flag);
    if (args.switches.has('--strict-baseline') && baselineFile === undefined) throw new ConfigError('--strict-baseline needs --baseline FILE');
    const config = loadConfig({ flags: args.flags, env: process.env, cwd: process.cwd(), ...(envFile === undefined ? {} : { envFile }) });
    for (const warning of config.warnings) process.stderr.write(`dify-conformance: warning: ${warning}\n`);
    chooseTarget(config, { embedded: args.switches.has('--embedded'), env: process.env });
    // Usage errors are said before anything loads or starts.
    const selection = resolveSelection(config.only, config.skip, CHECKS);
    selectSuiteFiles(args.positionals);
    const waivers = baselineFile === undefined ? undefined : loadWaivers(baselineFile);
    // The runner loads vitest: only the commands that run suites pay for it.
    const { runConformance } = await import('../../runner/run-conformance.ts');
    const outcome = await runConformance({
      config,
      selection,
      cwd: process.cwd(),
      fileFilters: args.positionals,
      ...(baselineFile === undefined || waivers === undefined
        ? {}
        : { baseline: { file: baselineFile, waivers, strict: args.switches.has('--strict-baseline') } }),
      ...(bundleDir === undefined ? {} : { bundleDir }),
      interactive: args.switches.has('--interactive'),
    });
    process.stdout.write(`${outcome.summary}\n`);
    return outcome.exitCode;
  },
};
