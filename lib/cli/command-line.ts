/**
 * Which command an argument list names, and its parsed arguments. A word
 * that names no command, an option the command does not take and arguments
 * to a command that takes none are usage errors.
 */
import { closestName } from '../config/closest-name.ts';
import { ConfigError } from '../config/config-error.ts';
import { SETTINGS } from '../config/settings.ts';
import { suiteFileNames } from '../runner/suite-files.ts';
import type { Command } from './command.ts';
import { COMMANDS, DEFAULT_COMMAND, findCommand } from './commands/index.ts';
import { parseArgs, type ParsedArgs } from './parse-args.ts';

export const HELP_FLAGS = new Set(['-h', '--help']);

/** The flags a command takes: its options and the flags of the settings it reads. */
export function flagsOf(command: Command): { valueFlags: Set<string>; switches: Set<string> } {
  const settingFlags = SETTINGS.filter((s) => command.settings.includes(s.key)).map((s) => s.flag);
  return {
    valueFlags: new Set([...settingFlags, ...command.options.filter((o) => o.value !== undefined).map((o) => o.flag)]),
    switches: new Set(command.options.filter((o) => o.value === undefined).map((o) => o.flag)),
  };
}

function unknownOption(command: Command): (flag: string) => string {
  return (flag) => {
    const owners = COMMANDS.filter((c) => c !== command && (flagsOf(c).valueFlags.has(flag) || flagsOf(c).switches.has(flag)));
    if (owners.length > 0)
      return `${flag} is an option of ${owners.map((c) => c.name).join(' and ')}, not of ${command.name}; see dify-conformance ${command.name} --help`;
    return `unknown option ${flag}; see dify-conformance ${command.name} --help for the options`;
  };
}

function unknownCommand(word: string): ConfigError {
  const names = COMMANDS.map((c) => c.name);
  const command = closestName(word, names);
  const suite = closestName(word, suiteFileNames());
  const hint =
    suite.distance <= 2 && suite.distance <= command.distance
      ? `; to run a suite file, name the command first: dify-conformance run ${suite.name}`
      : command.distance <= 3
        ? `; did you mean ${command.name}?`
        : '';
  return new ConfigError(`unknown command "${word}"; the commands are ${names.join(', ')}${hint} (see --help)`);
}

/** The command and its parsed arguments; a word that names no command is a usage error. */
export function parseCommandLine(argv: readonly string[]): { command: Command; args: ParsedArgs } {
  const [first] = argv;
  const named = first !== undefined && !first.startsWith('-');
  const command = named ? findCommand(first) : DEFAULT_COMMAND;
  if (command === undefined) throw unknownCommand(first ?? '');
  const { valueFlags, switches } = flagsOf(command);
  const args = parseArgs(argv.slice(named ? 1 : 0), { valueFlags, switches, unknown: unknownOption(command) });
  if (!command.takesArguments && args.positionals.length > 0) {
    throw new ConfigError(`${command.name} takes no arguments, got "${args.positionals.join(' ')}"; see dify-conformance ${command.name} --help`);
  }
  return { command, args };
}
