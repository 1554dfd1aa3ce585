/**
 * The command line. Every misconfiguration ends with one line on stderr that
 * says what is wrong and how to fix it, and exit status 2.
 */
import { ConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { SETTINGS } from '../config/settings.ts';
import { describeReferenceServer, startReferenceServer } from '../reference-server/index.ts';
import { runConformance } from '../runner/run-conformance.ts';
import { suiteVersion } from '../runner/suite-info.ts';
import { helpText } from './help-text.ts';
import { parseArgs } from './parse-args.ts';

const COMMANDS = new Set(['run', 'reference-server']);
const VALUE_FLAGS = new Set([...SETTINGS.map((s) => s.flag), '--env-file']);
const SWITCH_FLAGS = new Set(['--help', '--version']);

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, VALUE_FLAGS, SWITCH_FLAGS, COMMANDS);
  if (args.switches.has('--help')) {
    process.stdout.write(`${helpText(suiteVersion())}\n`);
    return 0;
  }
  if (args.switches.has('--version')) {
    process.stdout.write(`${suiteVersion()}\n`);
    return 0;
  }
  const envFile = args.flags.get('--env-file');
  args.flags.delete('--env-file');
  const config = loadConfig({ flags: args.flags, env: process.env, cwd: process.cwd(), ...(envFile === undefined ? {} : { envFile }) });

  if (args.command === 'reference-server') {
    return serveReference(config.referenceFaults);
  }
  const outcome = await runConformance({ config, cwd: process.cwd(), fileFilters: args.positionals });
  process.stdout.write(`${outcome.summary}\n`);
  return outcome.exitCode;
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
