/** The commands of the command line, in the order --help lists them. */
import type { Command } from '../command.ts';
import { compareCommand } from './compare.ts';
import { faultMatrixCommand } from './fault-matrix.ts';
import { listChecksCommand } from './list-checks.ts';
import { mergeCommand } from './merge.ts';
import { referenceServerCommand } from './reference-server.ts';
import { runCommand } from './run.ts';

export const COMMANDS: readonly Command[] = [runCommand, compareCommand, mergeCommand, listChecksCommand, referenceServerCommand, faultMatrixCommand];

export const DEFAULT_COMMAND = runCommand;

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
