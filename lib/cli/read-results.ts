/** Reads a results.json file for compare and merge; anything else is a usage error. */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/config-error.ts';
import { RESULTS_SCHEMA_ID, type RunResults } from '../results/run-results.ts';

export async function readResults(path: string): Promise<RunResults> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as RunResults;
    if (parsed.schema !== RESULTS_SCHEMA_ID) throw new Error(`not a ${RESULTS_SCHEMA_ID} file`);
    return parsed;
  } catch (error) {
    throw new ConfigError(`cannot read ${path} as a results.json file (${error instanceof Error ? error.message : String(error)})`);
  }
}
