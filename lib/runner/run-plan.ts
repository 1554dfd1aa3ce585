/**
 * The plan of a run, built in one place for the run command, the fault matrix
 * and the benchmarks: which server is the target, how the embedded reference
 * server is started, the settings every suite worker gets, the pacing and the
 * test backstop. Every value comes from the configuration, whose defaults come
 * from the settings table (lib/config/settings.ts); the fault matrix's
 * departures are named overrides below, each with its reason.
 */
import type { SuiteConfig } from '../config/load-config.ts';
import { numericSettingDefault, settingDefault } from '../config/settings.ts';
import type { ReferenceServer, ReferenceServerOptions } from '../reference-server/index.ts';
import type { QuotaGrant } from '../quota/quotas.ts';
import type { ConsoleIdentity, RunContext, TargetInfo } from '../suite-kit/run-context.ts';
import { newRunId } from './run-id.ts';

/** Device-flow timings of the embedded server: short, so the flows finish in seconds. */
export const EMBEDDED_DEVICE_FLOW = { intervalSeconds: 1, expiresInSeconds: 6 };

/** Against a server the per-token limit is paced by default (60 a minute, docs/server-behavior.md §1.4); the embedded one has none. */
const SERVER_REQUESTS_PER_MINUTE = 60;

/** How long waiting out 429 answers may add to one test. */
const RATE_LIMIT_ALLOWANCE_MS = 10 * 60_000;

/** What a test may take beyond its longest stream: the requests around the stream. */
const TEST_OVERHEAD_MS = 30_000;

/** The settings of a run that every suite worker reads. */
export type RunSettings = Pick<SuiteConfig, 'profile' | 'fuzzRuns' | 'requestTimeoutMs' | 'streamTimeoutMs' | 'deviceExpiryWaitSeconds' | 'maxResponseBytes'>;

/** The settings a run gets when nothing is configured: the settings table's defaults. */
export function defaultRunSettings(): RunSettings {
  const profile = settingDefault('profile');
  if (profile !== 'full' && profile !== 'read-only') throw new Error(`lib/config/settings.ts gives profile the unknown default ${profile}`);
  return {
    profile,
    fuzzRuns: numericSettingDefault('fuzzRuns'),
    requestTimeoutMs: numericSettingDefault('requestTimeoutMs'),
    streamTimeoutMs: numericSettingDefault('streamTimeoutMs'),
    deviceExpiryWaitSeconds: numericSettingDefault('deviceExpiryWaitSeconds'),
    maxResponseBytes: numericSettingDefault('maxResponseBytes'),
  };
}

/**
 * The fault matrix's departures from the defaults. It runs about a hundred reference servers
 * whose streams end in well under a second, and nothing there is rate limited: a stream that a
 * fault stalls is judged after 30 s rather than a minute, and no test waits out 429 answers.
 * The test backstop follows from these (testTimeoutMs): 60 s.
 */
export const FAULT_MATRIX_STREAM_TIMEOUT_MS = 30_000;

/** How the embedded reference server is started for a run with this configuration. */
export function embeddedServerOptions(config: Pick<SuiteConfig, 'referenceFaults' | 'referenceProfile'>): ReferenceServerOptions {
  // The realistic profile keeps the real device timing too: it is what a default deployment does.
  return {
    faults: config.referenceFaults,
    profile: config.referenceProfile,
    ...(config.referenceProfile === 'ideal' ? { deviceFlow: EMBEDDED_DEVICE_FLOW } : {}),
  };
}

type TargetSettings = Pick<
  SuiteConfig,
  | 'workspaceId'
  | 'appIds'
  | 'hitlAppId'
  | 'fileAppId'
  | 'foreignWorkspaceId'
  | 'foreignAppId'
  | 'consoleCookie'
  | 'consoleCsrfToken'
  | 'clientId'
  | 'externalToken'
  | 'otherMemberToken'
  | 'uploadLimitMb'
>;

/** A target with nothing configured beyond the defaults (the fault matrix's and the bench's). */
export function unconfiguredTarget(): TargetSettings {
  return {
    workspaceId: undefined,
    appIds: {},
    hitlAppId: undefined,
    fileAppId: undefined,
    foreignWorkspaceId: undefined,
    foreignAppId: undefined,
    consoleCookie: undefined,
    consoleCsrfToken: undefined,
    clientId: settingDefault('clientId'),
    externalToken: undefined,
    otherMemberToken: undefined,
    uploadLimitMb: undefined,
  };
}

/**
 * The embedded server's settings, as a user would configure them for a server of their own: its
 * published apps to run, its human-input and file-input apps, its console session, its external-SSO
 * token, a workspace its owner is not a member of and an app of it, its second member's token and its
 * upload limit. Configured values win.
 */
export function embeddedTarget(server: ReferenceServer, config: TargetSettings): TargetInfo {
  return {
    baseUrl: server.baseUrl,
    token: server.token,
    embedded: true,
    workspaceId: config.workspaceId,
    appIds: { ...server.appIds, ...config.appIds },
    hitlAppId: config.hitlAppId ?? server.hitlAppId,
    fileAppId: config.fileAppId ?? server.fileAppId,
    foreignWorkspaceId: config.foreignWorkspaceId ?? server.foreignWorkspaceId,
    foreignAppId: config.foreignAppId ?? server.foreignAppId,
    consoleCookie: config.consoleCookie ?? server.consoleCookie,
    consoleCsrfToken: config.consoleCsrfToken ?? server.csrfToken,
    clientId: config.clientId,
    externalToken: config.externalToken ?? server.externalToken,
    otherMemberToken: config.otherMemberToken ?? server.secondAccount.token,
    uploadLimitMb: config.uploadLimitMb ?? server.uploadLimitMb,
  };
}

/** The configured server under test (DIFY_BASE_URL and what describes it). */
export function serverTarget(baseUrl: string, config: TargetSettings & Pick<SuiteConfig, 'token'>): TargetInfo {
  return {
    baseUrl,
    token: config.token ?? '',
    embedded: false,
    workspaceId: config.workspaceId,
    appIds: config.appIds,
    hitlAppId: config.hitlAppId,
    fileAppId: config.fileAppId,
    foreignWorkspaceId: config.foreignWorkspaceId,
    foreignAppId: config.foreignAppId,
    consoleCookie: config.consoleCookie,
    consoleCsrfToken: config.consoleCsrfToken,
    clientId: config.clientId,
    externalToken: config.externalToken,
    otherMemberToken: config.otherMemberToken,
    uploadLimitMb: config.uploadLimitMb,
  };
}

/** The per-token pace of a run: configured, else none for the ideal embedded server and the real default for every other. */
export function requestsPerMinute(config: Pick<SuiteConfig, 'maxRequestsPerMinute' | 'referenceProfile'>, target: Pick<TargetInfo, 'embedded'>): number {
  return config.maxRequestsPerMinute ?? (target.embedded && config.referenceProfile === 'ideal' ? 0 : SERVER_REQUESTS_PER_MINUTE);
}

/**
 * The backstop of one test. Only a backstop: requests and streams have their own limits, and
 * waiting out a server's rate limit (429) can legitimately hold a test for minutes.
 */
export function testTimeoutMs(streamTimeoutMs: number, options: { readonly waitsOutRateLimits: boolean }): number {
  return streamTimeoutMs + TEST_OVERHEAD_MS + (options.waitsOutRateLimits ? RATE_LIMIT_ALLOWANCE_MS : 0);
}

export interface RunContextInput {
  readonly target: TargetInfo;
  readonly settings: RunSettings;
  readonly seed: number;
  readonly quota: QuotaGrant;
  /** Whether the server's ids are UUIDs; the reference server's are. */
  readonly idsAreUuids: boolean;
  readonly runId?: string;
  readonly interactive?: boolean;
  readonly pacingUrl?: string;
  readonly consoleIdentity?: ConsoleIdentity;
}

/** What every suite worker of a run is handed. */
export function runContext(input: RunContextInput): RunContext {
  const { settings } = input;
  return {
    runId: input.runId ?? newRunId(),
    target: input.target,
    profile: settings.profile,
    interactive: input.interactive === true,
    fuzzRuns: settings.fuzzRuns,
    seed: input.seed,
    requestTimeoutMs: settings.requestTimeoutMs,
    streamTimeoutMs: settings.streamTimeoutMs,
    deviceExpiryWaitSeconds: settings.deviceExpiryWaitSeconds,
    maxResponseBytes: settings.maxResponseBytes,
    pacingUrl: input.pacingUrl,
    idsAreUuids: input.idsAreUuids,
    quota: input.quota,
    consoleIdentity: input.consoleIdentity,
  };
}
