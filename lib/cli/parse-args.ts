/**
 * Command-line parsing for one command: `--flag value` or `--flag=value`
 * pairs, bare switches and positional arguments (everything after `--` is
 * positional). An option the command does not take is a usage error.
 */
import { ConfigError } from '../config/config-error.ts';

/** List flags that may be given more than once; their values are joined with commas. */
const REPEATABLE = new Set(['--fault', '--only', '--skip']);

export interface ParsedArgs {
  readonly flags: Map<string, string>;
  readonly switches: Set<string>;
  readonly positionals: string[];
}

export interface ArgSpec {
  readonly valueFlags: ReadonlySet<string>;
  readonly switches: ReadonlySet<string>;
  /** The message for an option this command does not take. */
  readonly unknown: (flag: string) => string;
}

export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (spec.switches.has(name)) {
      if (eq >= 0) throw new ConfigError(`${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!spec.valueFlags.has(name)) throw new ConfigError(spec.unknown(name));
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++index];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new ConfigError(`${name} needs a value`);
    if (REPEATABLE.has(name) && flags.has(name)) {
      flags.set(name, `${flags.get(name) ?? ''},${value}`);
    } else {
      flags.set(name, value);
    }
  }
  return { flags, switches, positionals };
}
