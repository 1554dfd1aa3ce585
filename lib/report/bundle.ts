/**
 * The certification bundle (--bundle DIR): the reports, the redacted
 * configuration, what exactly was run (suite version and commit, sha256 of
 * openapi.yaml, the server's /_version answer, and the command that replays
 * the run: its target, selection, seed and, for the embedded server, its
 * faults), and a manifest with the sha256 of every file, so a reviewer can
 * check that nothing was edited and run the same thing again.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RunResults } from '../results/run-results.ts';
import { SPEC_PATH } from '../spec/spec-index.ts';
import { replay } from './replay.ts';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export async function writeBundle(dir: string, results: RunResults, reportPaths: readonly string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (const path of reportPaths) {
    await copyFile(path, join(dir, basename(path)));
    names.push(basename(path));
  }
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(results.config, null, 2)}\n`);
  names.push('config.json');
  const { command, environment } = replay(results);
  const run = {
    suite: results.suite,
    openapiSha256: sha256(await readFile(SPEC_PATH)),
    target: { baseUrl: results.target.baseUrl, embedded: results.target.embedded, faults: results.target.faults, serverVersion: results.target.serverVersion },
    run: results.run,
    replay: command,
    // Secrets are never in the bundle: the replay needs these set as they were for the run.
    replayEnvironment: environment,
    failOn: results.summary.failOn,
    verdict: results.summary.verdict,
  };
  await writeFile(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
  names.push('run.json');
  const files: Record<string, string> = {};
  for (const name of names) files[name] = sha256(await readFile(join(dir, name)));
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify({ algorithm: 'sha256', files }, null, 2)}\n`);
  return [...names, 'manifest.json'].map((n) => join(dir, n));
}
