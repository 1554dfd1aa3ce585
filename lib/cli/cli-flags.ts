/** The commands and flags the command line knows; the parser refuses any other. */
import { SETTINGS } from '../config/settings.ts';

export const COMMANDS = new Set(['run', 'reference-server', 'fault-matrix', 'compare', 'merge', 'list-checks']);
export const MATRIX_FLAGS = ['--write', '--json', '--scope'];
export const RUN_FLAGS = ['--baseline', '--bundle'];
export const VALUE_FLAGS = new Set([...SETTINGS.map((s) => s.flag), '--env-file', ...MATRIX_FLAGS, ...RUN_FLAGS, '--format']);
export const SWITCH_FLAGS = new Set(['--help', '--version', '--strict-baseline', '--interactive']);
