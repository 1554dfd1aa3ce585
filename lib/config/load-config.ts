/**
 * One typed configuration from three layers. Precedence, highest first:
 * command-line flags, the process environment, the `.env` file, defaults.
 * Everything is validated before the first request is sent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { ConfigError } from './config-error.ts';
import { SETTINGS, type RawSettings, type SettingDefinition } from './settings.ts';

export type Profile = 'full' | 'read-only';
export type AppModeKey = 'workflow' | 'chat' | 'advanced-chat' | 'completion' | 'agent-chat';
export type SettingSource = 'flag' | 'environment' | '.env' | 'default';

export interface SuiteConfig {
  readonly baseUrl: string | undefined;
  readonly token: string | undefined;
  readonly workspaceId: string | undefined;
  readonly appIds: Readonly<Partial<Record<AppModeKey, string>>>;
  readonly hitlAppId: string | undefined;
  readonly consoleCookie: string | undefined;
  readonly consoleCsrfToken: string | undefined;
  readonly clientId: string;
  readonly externalToken: string | undefined;
  readonly profile: Profile;
  readonly fuzzRuns: number;
  readonly seed: number | undefined;
  readonly reportDir: string;
  readonly maxRequestsPerMinute: number;
  readonly requestTimeoutMs: number;
  readonly streamTimeoutMs: number;
  readonly deviceExpiryWaitSeconds: number;
  readonly maxResponseBytes: number;
  readonly concurrency: number;
  readonly referenceFaults: readonly string[];
  /** Selection terms (--only, --skip), not yet resolved against the check catalogue. */
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** --shard i/n: this run is shard `index` (1-based) of `count`. */
  readonly shard: Shard | undefined;
  /** Where each setting that has a value came from. */
  readonly sources: Readonly<Partial<Record<keyof RawSettings, SettingSource>>>;
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

const SECRET_KINDS = new Set(['secret']);

export function isSecretSetting(definition: SettingDefinition): boolean {
  return SECRET_KINDS.has(definition.kind);
}

export function settingByFlag(flag: string): SettingDefinition | undefined {
  return SETTINGS.find((s) => s.flag === flag);
}

function readEnvFile(input: ConfigInput): Record<string, string> {
  const named = input.envFile !== undefined;
  const path = resolve(input.cwd, input.envFile ?? '.env');
  if (!existsSync(path)) {
    if (named) throw new ConfigError(`the env file ${input.envFile} does not exist; pass an existing file to --env-file or drop the flag`);
    return {};
  }
  return parseDotenv(readFileSync(path));
}

function describeOrigin(definition: SettingDefinition, source: SettingSource): string {
  switch (source) {
    case 'flag': return `${definition.flag}`;
    case 'environment': return `${definition.env} (environment)`;
    case '.env': return `${definition.env} (.env file)`;
    case 'default': return `${definition.env} (default)`;
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
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function validateSecret(raw: string, where: string): string {
  const value = raw.trim();
  if (value === '' || /\s/.test(value)) {
    throw new ConfigError(`${where} must be a single token without spaces; copy the value again without quotes or line breaks`);
  }
  return value;
}

export function loadConfig(input: ConfigInput): SuiteConfig {
  const fileValues = readEnvFile(input);
  const raw: Partial<Record<keyof RawSettings, string>> = {};
  const sources: Partial<Record<keyof RawSettings, SettingSource>> = {};
  for (const definition of SETTINGS) {
    const fromFlag = input.flags.get(definition.flag);
    const fromEnv = input.env[definition.env];
    const fromFile = fileValues[definition.env];
    const pick: [string | undefined, SettingSource][] = [
      [fromFlag, 'flag'], [fromEnv, 'environment'], [fromFile, '.env'], [definition.defaultValue, 'default'],
    ];
    for (const [value, source] of pick) {
      // An empty variable counts as unset, as it does for most tools that read .env files.
      if (value !== undefined && value.trim() !== '') {
        raw[definition.key] = value;
        sources[definition.key] = source;
        break;
      }
    }
  }

  const get = <T>(key: keyof RawSettings, parse: (value: string, where: string) => T): T | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    const definition = SETTINGS.find((s) => s.key === key);
    if (definition === undefined) throw new Error(`unknown setting ${key}`);
    return parse(value, describeOrigin(definition, sources[key] ?? 'default'));
  };
  const text = (value: string): string => value.trim();
  const positive = (value: string, where: string): number => parseInteger(value, 1, where, 'fix the value or remove it to use the default');
  const nonNegative = (value: string, where: string): number => parseInteger(value, 0, where, 'fix the value or remove it to use the default');

  const profile = get('profile', (value, where): Profile => {
    const v = value.trim();
    if (v !== 'full' && v !== 'read-only') throw new ConfigError(`${where} must be "full" or "read-only", got "${value}"`);
    return v;
  }) ?? 'full';

  const baseUrl = get('baseUrl', validateUrl);
  const token = get('token', validateSecret);
  if (baseUrl !== undefined && token === undefined) {
    throw new ConfigError('DIFY_TOKEN is not set; a run against DIFY_BASE_URL needs an account bearer token (dfoa_…) of an owner or admin: set DIFY_TOKEN in the environment or .env, or pass --token');
  }
  const consoleCookie = get('consoleCookie', (v) => v.trim());
  const consoleCsrfToken = get('consoleCsrfToken', validateSecret);
  if ((consoleCookie === undefined) !== (consoleCsrfToken === undefined)) {
    throw new ConfigError('DIFY_CONSOLE_COOKIE and DIFY_CONSOLE_CSRF_TOKEN go together: set both (from a logged-in console session) or neither');
  }
  const referenceFaults = get('referenceFaults', splitList) ?? [];
  if (baseUrl !== undefined && referenceFaults.length > 0) {
    throw new ConfigError('DIFY_REFERENCE_FAULTS only applies to the embedded reference server; unset it or unset DIFY_BASE_URL');
  }

  return {
    baseUrl,
    token,
    workspaceId: get('workspaceId', text),
    appIds: dropUndefined({
      workflow: get('appIdWorkflow', text),
      chat: get('appIdChat', text),
      'advanced-chat': get('appIdAdvancedChat', text),
      completion: get('appIdCompletion', text),
      'agent-chat': get('appIdAgentChat', text),
    }),
    hitlAppId: get('hitlAppId', text),
    consoleCookie,
    consoleCsrfToken,
    clientId: get('clientId', text) ?? 'difyctl',
    externalToken: get('externalToken', validateSecret),
    profile,
    fuzzRuns: get('fuzzRuns', nonNegative) ?? 4,
    seed: get('seed', nonNegative),
    reportDir: get('reportDir', text) ?? 'reports',
    maxRequestsPerMinute: get('maxRequestsPerMinute', nonNegative) ?? 0,
    requestTimeoutMs: get('requestTimeoutMs', positive) ?? 10_000,
    streamTimeoutMs: get('streamTimeoutMs', positive) ?? 60_000,
    deviceExpiryWaitSeconds: get('deviceExpiryWaitSeconds', nonNegative) ?? 30,
    maxResponseBytes: get('maxResponseBytes', positive) ?? 10_485_760,
    concurrency: get('concurrency', positive) ?? 2,
    referenceFaults,
    only: get('only', splitList) ?? [],
    skip: get('skip', splitList) ?? [],
    shard: get('shard', parseShard),
    sources,
  };
}

function dropUndefined<K extends string>(record: Record<K, string | undefined>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(record) as [K, string | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const APP_ID_KEYS: Readonly<Partial<Record<keyof RawSettings, AppModeKey>>> = {
  appIdWorkflow: 'workflow', appIdChat: 'chat', appIdAdvancedChat: 'advanced-chat',
  appIdCompletion: 'completion', appIdAgentChat: 'agent-chat',
};

function settingValue(config: SuiteConfig, key: keyof RawSettings): unknown {
  const mode = APP_ID_KEYS[key];
  if (mode !== undefined) return config.appIds[mode];
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
    out[definition.env] = { value: isSecretSetting(definition) ? '[REDACTED]' : settingValue(config, definition.key), source };
  }
  return out;
}
