/**
 * The command line: finds the command and hands it its arguments. Every
 * misconfiguration ends with one line on stderr that says what is wrong and
 * how to fix it, and exit status 2.
 */
import { ConfigError } from '../config/config-error.ts';
import { suiteVersion } from '../runner/suite-info.ts';
import { HELP_FLAGS, parseCommandLine } from './command-line.ts';
import { findCommand } from './commands/index.ts';
import { helpText } from './help-text.ts';

async function main(argv: readonly string[]): Promise<number> {
  // Help wins wherever it is asked for, before anything else is judged.
  if (argv.some((a) => HELP_FLAGS.has(a))) {
    const [first] = argv;
    process.stdout.write(`${helpText(suiteVersion(), first !== undefined && findCommand(first) !== undefined ? first : undefined)}\n`);
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`${suiteVersion()}\n`);
    return 0;
  }
  const { command, args } = parseCommandLine(argv);
  return command.execute(args);
}

// A reader that stops early (`| head`) is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
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
