/**
 * How to repeat a run: the command line that selects the same checks and
 * files against the same target with the same seed, and, for a run against
 * the embedded reference server, how to start that server again so the curl
 * lines of its failures can be tried.
 */
import { isSecretSetting } from '../config/secrets.ts';
import { SETTINGS, type RawSettings } from '../config/settings.ts';
import type { RunResults } from '../results/run-results.ts';

/** Settings that do not change what a run selects, targets or judges. */
const NOT_REPLAYED: ReadonlySet<keyof RawSettings> = new Set(['reportDir', 'seed', 'waitForServerSeconds']);

export interface Replay {
  /** The command line. */
  readonly command: string;
  /** Secret settings the run had: they are not on the command line and must be set as they were. */
  readonly environment: readonly string[];
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./*-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function flagValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null && 'index' in value && 'count' in value) return `${String(value.index)}/${String(value.count)}`;
  return String(value);
}

export function replay(results: RunResults): Replay {
  const words = ['npx', 'dify-conformance', 'run'];
  const environment: string[] = [];
  if (results.target.embedded) words.push('--embedded');
  for (const definition of SETTINGS) {
    const entry = results.config[definition.env];
    if (entry === undefined || entry.source === 'default' || NOT_REPLAYED.has(definition.key)) continue;
    if (isSecretSetting(definition)) environment.push(definition.env);
    else words.push(definition.flag, shellWord(flagValue(entry.value)));
  }
  words.push('--seed', String(results.run.seed));
  if (results.waivers !== undefined) words.push('--baseline', shellWord(results.waivers.file), ...(results.waivers.strict ? ['--strict-baseline'] : []));
  if (results.run.files !== undefined && results.run.files.length > 0) words.push(...results.run.files.map(shellWord));
  return { command: words.join(' '), environment };
}

/** The replay as one line for people: the command, and the secrets to set first. */
export function replayLine(results: RunResults): string {
  const { command, environment } = replay(results);
  return environment.length === 0 ? command : `${command} (with ${environment.join(', ')} set as for this run)`;
}

/** For a run against the embedded reference server: how to start the same server, so its curl lines work again. */
export function embeddedServerHint(results: RunResults): string | undefined {
  if (!results.target.embedded) return undefined;
  const port = /^https?:\/\/[^/]*:(\d+)\//.exec(`${results.target.baseUrl}/`)?.[1];
  const faults = results.target.faults.length === 0 ? '' : ` --fault ${results.target.faults.join(',')}`;
  const profile = results.target.referenceProfile === 'realistic' ? ' --reference-profile realistic' : '';
  return `the embedded reference server stopped with the run; start the same one with \`${port === undefined ? '' : `PORT=${port} `}npx dify-conformance reference-server${profile}${faults}\` and set DIFY_TOKEN to the bearer token it prints`;
}
