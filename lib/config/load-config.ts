/**
 * One typed configuration from three layers. Precedence, highest first:
 * command-line flags, the process environment, the `.env` file, defaults.
 * Everything is validated before the first request is sent. Defaults come
 * from the settings table only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { FailOn } from '../results/verdict.ts';
import { ConfigError } from './config-error.ts';
import { isSecretSetting } from './secrets.ts';
import { checkSettingNames } from './setting-names.ts';
import type { AppModeKey } from '../spec/app-modes.ts';
import { SETTINGS, type RawSettings, type SettingDefinition } from './settings.ts';

export type { AppModeKey } from '../spec/app-modes.ts';

export type Profile = 'full' | 'read-only';
export type ReferenceProfile = 'ideal' | 'realistic';
export type SettingSource = 'flag' | 'environment' | '.env' | 'default';

export interface SuiteConfig {
  readonly baseUrl: string | undefined;
  readonly token: string | undefined;
  readonly workspaceId: string | undefined;
  readonly appIds: Readonly<Partial<Record<AppModeKey, string>>>;
  readonly hitlAppId: string | undefined;
  readonly fileAppId: string | undefined;
  readonly foreignWorkspaceId: string | undefined;
  readonly foreignAppId: string | undefined;
  readonly consoleCookie: string | undefined;
  readonly consoleCsrfToken: string | undefined;
  readonly clientId: string;
  readonly externalToken: string | undefined;
  readonly otherMemberToken: string | undefined;
  readonly uploadLimitMb: number | undefined;
  readonly profile: Profile;
  readonly fuzzRuns: number;
  readonly seed: number | undefined;
  readonly reportDir: string;
  /** Undefined when not set: the run chooses (paced against a server, unpaced for the embedded one). */
  readonly maxRequestsPerMinute: number | undefined;
  readonly requestTimeoutMs: number;
  readonly streamTimeoutMs: number;
  readonly deviceExpiryWaitSeconds: number;
  readonly maxResponseBytes: number;
  readonly concurrency: number;
  readonly referenceFaults: readonly string[];
  /** Which profile the embedded reference server plays (docs/server-behavior.md §12). */
  readonly referenceProfile: ReferenceProfile;
  /** Selection terms (--only, --skip), not yet resolved against the check catalogue. */
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** --shard i/n: this run is shard `index` (1-based) of `count`. */
  readonly shard: Shard | undefined;
  /** --budget N: at most about N requests, spent where detection is highest. */
  readonly budget: number | undefined;
  /** Where the quota ledger is kept. */
  readonly quotaLedger: string;
  /** Which failures fail the run (--fail-on). */
  readonly failOn: FailOn;
  readonly waitForServerSeconds: number;
  /** Where each setting that has a value came from. */
  readonly sources: Readonly<Partial<Record<keyof RawSettings, SettingSource>>>;
  /** Settings that were named but left empty (and count as unset), with the layer that named them. */
  readonly blank: Readonly<Partial<Record<keyof RawSettings, SettingSource>>>;
  /** Lines to print before the run: DIFY_* names of the environment that are not settings. */
  readonly warnings: readonly string[];
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface ConfigInput {
  /** Flag name (with leading dashes) to value, already split by the command-line parser. */
  readonly flags: ReadonlyMap<string, string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Path of the .env file; a missing default file is fine, a missing named one is an error. */
  readonly envFile?: string;
  readonly cwd: string;
}

function readEnvFile(input: ConfigInput): Record<string, string> {
  const named = input.envFile !== undefined;
  const path = resolve(input.cwd, input.envFile ?? '.env');
  if (!existsSync(path)) {
    if (named) throw new ConfigError(`the env file ${input.envFile} does not exist; pass an existing file to --env-file or drop the flag`);
    return {};
  }
  try {
    return parseDotenv(readFileSync(path));
  } catch (error) {
    throw new ConfigError(
      `cannot read the env file ${input.envFile ?? '.env'} (${error instanceof Error ? error.message : String(error)}); pass a readable file`,
    );
  }
}

/** How a message names the place a setting's value came from. */
export function describeOrigin(definition: SettingDefinition, source: SettingSource): string {
  switch (source) {
    case 'flag':
      return `${definition.flag}`;
    case 'environment':
      return `${definition.env} (environment)`;
    case '.env':
      return `${definition.env} (.env file)`;
    case 'default':
      return `${definition.env} (default)`;
  }
}

function parseInteger(raw: string, min: number, where: string, fix: string): number {
  const text = raw.trim();
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new ConfigError(`${where} must be ${min === 0 ? 'a whole number (0 or more)' : 'a whole number of 1 or more'}, got "${raw}"; ${fix}`);
  }
  return Number(text);
}

function validateUrl(raw: string, where: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${where} is not a URL ("${raw}"); set it to the API root, e.g. https://dify.example.com/openapi/v1`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${where} must be an http or https URL, got "${url.protocol}"; set it to the API root, e.g. https://dify.example.com/openapi/v1`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${where} must not carry a query or fragment ("${raw}"); set it to the API root, e.g. https://dify.example.com/openapi/v1`);
  }
  return url.toString().replace(/\/+$/, '');
}

function parseShard(raw: string, where: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) {
    throw new ConfigError(`${where} must be i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${raw}"`);
  }
  return { index, count };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function validateSecret(raw: string, where: string): string {
  const value = raw.trim();
  if (value === '' || /\s/.test(value)) {
    throw new ConfigError(`${where} must be a single token without spaces; copy the value again without quotes or line breaks`);
  }
  return value;
}

export function parseFailOn(value: string, where: string): FailOn {
  const v = value.trim().toLowerCase();
  if (v !== 'must' && v !== 'should') throw new ConfigError(`${where} must be "must" or "should", got "${value}"`);
  return v;
}

export function loadConfig(input: ConfigInput): SuiteConfig {
  const fileValues = readEnvFile(input);
  const warnings = checkSettingNames(Object.keys(fileValues), input.envFile ?? 'the .env file', input.env);
  const raw: Partial<Record<keyof RawSettings, string>> = {};
  const sources: Partial<Record<keyof RawSettings, SettingSource>> = {};
  const blank: Partial<Record<keyof RawSettings, SettingSource>> = {};
  for (const definition of SETTINGS) {
    const fromFlag = input.flags.get(definition.flag);
    const fromEnv = input.env[definition.env];
    const fromFile = fileValues[definition.env];
    const pick: [string | undefined, SettingSource][] = [
      [fromFlag, 'flag'],
      [fromEnv, 'environment'],
      [fromFile, '.env'],
      [definition.defaultValue, 'default'],
    ];
    for (const [value, source] of pick) {
      // An empty variable counts as unset, as it does for most tools that read .env files.
      if (value !== undefined && value.trim() === '') blank[definition.key] ??= source;
      if (value !== undefined && value.trim() !== '') {
        raw[definition.key] = value;
        sources[definition.key] = source;
        break;
      }
    }
    if (raw[definition.key] !== undefined) delete blank[definition.key];
  }

  const get = <T>(key: keyof RawSettings, parse: (value: string, where: string) => T): T | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const definition = SETTINGS.find((s) => s.key === key);
    if (definition === undefined) throw new Error(`unknown setting ${key}`);
    return parse(value, describeOrigin(definition, sources[key] ?? 'default'));
  };
  // A setting with a default in the table always has a value.
  const withDefault = <T>(key: keyof RawSettings, parse: (value: string, where: string) => T): T => {
    const value = get(key, parse);
    if (value === undefined) throw new Error(`setting ${key} has no default in the settings table`);
    return value;
  };
  const text = (value: string): string => value.trim();
  const positive = (value: string, where: string): number => parseInteger(value, 1, where, 'fix the value or remove it to use the default');
  const nonNegative = (value: string, where: string): number => parseInteger(value, 0, where, 'fix the value or remove it to use the default');

  const profile = withDefault('profile', (value, where): Profile => {
    const v = value.trim();
    if (v !== 'full' && v !== 'read-only') throw new ConfigError(`${where} must be "full" or "read-only", got "${value}"`);
    return v;
  });

  const baseUrl = get('baseUrl', validateUrl);
  const token = get('token', validateSecret);
  if (baseUrl !== undefined && token === undefined) {
    throw new ConfigError(
      'DIFY_TOKEN is not set; a run against DIFY_BASE_URL needs an account bearer token (dfoa_…) of an owner or admin: set DIFY_TOKEN in the environment or .env, or pass --token',
    );
  }
  const consoleCookie = get('consoleCookie', (v) => v.trim());
  const consoleCsrfToken = get('consoleCsrfToken', validateSecret);
  if ((consoleCookie === undefined) !== (consoleCsrfToken === undefined)) {
    throw new ConfigError('DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN go together: set both (from a logged-in console session) or neither');
  }
  const referenceFaults = get('referenceFaults', splitList) ?? [];
  const referenceProfile = withDefault('referenceProfile', (value, where): ReferenceProfile => {
    const v = value.trim();
    if (v !== 'ideal' && v !== 'realistic') throw new ConfigError(`${where} must be "ideal" or "realistic", got "${value}"`);
    return v;
  });
  if (baseUrl !== undefined && sources.referenceProfile !== 'default') {
    throw new ConfigError('DIFY_REFERENCE_PROFILE only applies to the embedded reference server; unset it or unset DIFY_BASE_URL');
  }
  if (baseUrl !== undefined && referenceFaults.length > 0) {
    throw new ConfigError('DIFY_REFERENCE_FAULTS only applies to the embedded reference server; unset it or unset DIFY_BASE_URL');
  }

  return {
    baseUrl,
    token,
    workspaceId: get('workspaceId', text),
    appIds: appIdsOf((key) => get(key, text)),
    hitlAppId: get('hitlAppId', text),
    fileAppId: get('fileAppId', text),
    foreignWorkspaceId: get('foreignWorkspaceId', text),
    foreignAppId: get('foreignAppId', text),
    consoleCookie,
    consoleCsrfToken,
    clientId: withDefault('clientId', text),
    externalToken: get('externalToken', validateSecret),
    otherMemberToken: get('otherMemberToken', validateSecret),
    uploadLimitMb: get('uploadLimitMb', positive),
    profile,
    fuzzRuns: withDefault('fuzzRuns', nonNegative),
    seed: get('seed', nonNegative),
    reportDir: withDefault('reportDir', text),
    maxRequestsPerMinute: get('maxRequestsPerMinute', nonNegative),
    requestTimeoutMs: withDefault('requestTimeoutMs', positive),
    streamTimeoutMs: withDefault('streamTimeoutMs', positive),
    deviceExpiryWaitSeconds: withDefault('deviceExpiryWaitSeconds', nonNegative),
    maxResponseBytes: withDefault('maxResponseBytes', positive),
    concurrency: withDefault('concurrency', positive),
    referenceFaults,
    referenceProfile,
    only: get('only', splitList) ?? [],
    skip: get('skip', splitList) ?? [],
    shard: get('shard', parseShard),
    budget: get('budget', positive),
    quotaLedger: resolve(input.cwd, get('quotaLedger', text) ?? defaultLedgerPath(input.env)),
    failOn: withDefault('failOn', parseFailOn),
    waitForServerSeconds: withDefault('waitForServerSeconds', nonNegative),
    sources,
    blank,
    warnings,
  };
}

function defaultLedgerPath(env: Readonly<Record<string, string | undefined>>): string {
  const cache = env['XDG_CACHE_HOME'] ?? join(env['HOME'] ?? homedir(), '.cache');
  return join(cache, 'dify-conformance', 'quota-ledger.json');
}

/** The configured app of each mode, from the settings the table marks with an app mode. */
function appIdsOf(value: (key: keyof RawSettings) => string | undefined): Partial<Record<AppModeKey, string>> {
  const out: Partial<Record<AppModeKey, string>> = {};
  for (const definition of SETTINGS) {
    const id = definition.appMode === undefined ? undefined : value(definition.key);
    if (definition.appMode !== undefined && id !== undefined) out[definition.appMode] = id;
  }
  return out;
}

function settingValue(config: SuiteConfig, definition: SettingDefinition): unknown {
  if (definition.appMode !== undefined) return config.appIds[definition.appMode];
  const key = definition.key;
  return (config as unknown as Record<string, unknown>)[key];
}

/** The configuration as it may appear in a report: secrets replaced by a marker. */
export function redactedConfig(config: SuiteConfig): Record<string, { value: unknown; source: SettingSource }> {
  const out: Record<string, { value: unknown; source: SettingSource }> = {};
  for (const definition of SETTINGS) {
    const source = config.sources[definition.key];
    if (definition.key === 'baseUrl' && config.baseUrl === undefined) {
      out[definition.env] = { value: '(embedded reference server)', source: 'default' };
      continue;
    }
    if (source === undefined) continue;
    out[definition.env] = { value: isSecretSetting(definition) ? '[REDACTED]' : settingValue(config, definition), source };
  }
  return out;
}
