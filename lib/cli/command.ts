/**
 * What a command of the command line is: its help (usage, options, exit
 * statuses), the flags it takes, and its body. main.ts only dispatches.
 */
import type { RawSettings } from '../config/settings.ts';
import type { ParsedArgs } from './parse-args.ts';

export interface OptionHelp {
  readonly flag: string;
  /** The value's placeholder; absent for a switch. */
  readonly value?: string;
  readonly description: string;
}

export interface Command {
  readonly name: string;
  /** The synopsis after `dify-conformance`. */
  readonly synopsis: string;
  /** What the command does, one or two lines. */
  readonly summary: string;
  readonly options: readonly OptionHelp[];
  /** Whether the command takes positional arguments (files, suite-file filters). */
  readonly takesArguments: boolean;
  /** Settings of the settings table the command takes as flags (their help comes from the table). */
  readonly settings: readonly (keyof RawSettings)[];
  /** Exit status and what it means. */
  readonly exitStatuses: readonly (readonly [number, string])[];
  execute(args: ParsedArgs): Promise<number>;
}

export const USAGE_ERROR = 'configuration or usage error: one line on stderr says what is wrong and how to fix it';
