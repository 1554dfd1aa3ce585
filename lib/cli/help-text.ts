/** --help output, per command; the settings' lines are generated from the settings table so they never drift from it. */
import { SETTINGS, type SettingDefinition } from '../config/settings.ts';
import type { Command, OptionHelp } from './command.ts';
import { COMMANDS } from './commands/index.ts';

const WIDTH = Math.max(...SETTINGS.map((s) => s.flag.length)) + 8;

function settingLine(s: SettingDefinition): string {
  return `  ${`${s.flag} <value>`.padEnd(WIDTH)} ${s.env}${s.defaultValue === undefined ? '' : ` (default ${s.defaultValue})`}\n  ${''.padEnd(WIDTH)} ${s.description}`;
}

function optionLine(o: OptionHelp): string {
  return `      ${`${o.flag}${o.value === undefined ? '' : ` ${o.value}`}`.padEnd(28)} ${o.description}`;
}

function commandLines(command: Command): string[] {
  return [`  dify-conformance ${command.synopsis}`, `      ${command.summary}`, ...command.options.map(optionLine)];
}

function exitLines(command: Command): string[] {
  return ['Exit status:', ...command.exitStatuses.map(([code, meaning]) => `  ${code}  ${meaning}`)];
}

/** The whole help (no command, or `run --help`), or the help of one command. */
export function helpText(version: string, commandName?: string): string {
  const title = `dify-conformance ${version}: conformance suite for Dify's user-scoped API (/openapi/v1)`;
  const command = COMMANDS.find((c) => c.name === commandName);
  if (command !== undefined && command.name !== 'run') {
    const settings = SETTINGS.filter((s) => command.settings.includes(s.key));
    return [
      title,
      '',
      'Usage:',
      ...commandLines(command),
      ...(settings.length === 0 ? [] : ['', 'Settings it takes (see docs/configuration.md):', ...settings.map(settingLine)]),
      '',
      ...exitLines(command),
    ].join('\n');
  }
  const run = COMMANDS.find((c) => c.name === 'run');
  return [
    title,
    '',
    'Usage:',
    ...COMMANDS.flatMap(commandLines),
    '  dify-conformance --version | --help | <command> --help',
    '',
    'The target is explicit: DIFY_BASE_URL names the server under test; --embedded (or --fault) names the',
    'embedded reference server, which is also tested when nothing names a server and CI is not set.',
    'Precedence: flags > environment > .env file > defaults. Progress goes to stderr: a live line on a',
    'terminal, a line per suite file under CI=true or when piped; NO_COLOR turns colour off.',
    '',
    'Settings of run (each also an environment variable; see docs/configuration.md):',
    ...SETTINGS.map(settingLine),
    '',
    ...(run === undefined ? [] : exitLines(run)),
  ].join('\n');
}
