/**
 * Command-line parsing: a command word, then `--flag value` or `--flag=value`
 * pairs and bare switches. Unknown flags are configuration errors.
 */
import { ConfigError } from '../config/config-error.ts';

/** List flags that may be given more than once; their values are joined with commas. */
const REPEATABLE = new Set(['--fault', '--only', '--skip']);

export interface ParsedArgs {
  readonly command: string;
  readonly flags: Map<string, string>;
  readonly switches: Set<string>;
  readonly positionals: string[];
}

export function parseArgs(argv: readonly string[], valueFlags: ReadonlySet<string>, switchFlags: ReadonlySet<string>, commands: ReadonlySet<string>): ParsedArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  let command = 'run';
  let index = 0;
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-')) {
    if (!commands.has(first)) throw new ConfigError(`unknown command "${first}"; the commands are ${[...commands].join(', ')} (see --help)`);
    command = first;
    index = 1;
  }
  for (; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (switchFlags.has(name)) {
      if (eq >= 0) throw new ConfigError(`${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!valueFlags.has(name)) throw new ConfigError(`unknown option ${name}; see dify-conformance --help for the options`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++index];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ConfigError(`${name} needs a value`);
    if (REPEATABLE.has(name) && flags.has(name)) {
      flags.set(name, `${flags.get(name) ?? ''},${value}`);
    } else {
      flags.set(name, value);
    }
  }
  return { command, flags, switches, positionals };
}
