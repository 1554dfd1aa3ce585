// The embedded reference server: an in-memory implementation of Dify's
// /openapi/v1 used when no server URL is configured and by the suite's
// self-tests, which switch on named faults to prove each check can fail.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_ROOT, dispatch } from './dispatch.ts';
import type { RequestLogEntry } from './dispatch.ts';
import { FaultSwitches } from './faults.ts';
import { startOtherClients } from './other-clients.ts';
import type { OtherClientsOptions } from './other-clients.ts';
import { resolveQuotas } from './profile.ts';
import type { Profile, QuotaOverrides, Quotas } from './profile.ts';
import type { Runtime, Settings } from './runtime.ts';
import { addCrowd } from './seed-crowd.ts';
import { FILE_APP_ID, HITL_APP_ID, SEED, SEEDED_APP_IDS, seedWorld } from './seed-data.ts';
import type { ConsoleSession } from './state.ts';
import { UPLOAD_LIMIT_MB } from './routes/files.ts';

export type { OtherClientsOptions } from './other-clients.ts';
export type { Profile, QuotaLimit, QuotaOverrides, Quotas } from './profile.ts';

export interface ReferenceServerOptions {
  host?: string;
  port?: number;
  faults?: readonly string[];
  /**
   * `ideal` (default): the kind server the suite was first proven against.
   * `realistic`: a default-configured Dify (docs/server-behavior.md §12) —
   * imported workflow apps stay unpublished drafts, chat/completion/agent-chat
   * apps have no model provider, invites validate e-mail like pydantic
   * EmailStr, GET /apps refuses a limit over 100, every quota of §12.5 is on
   * at its real size, the main workspace holds over a thousand apps, over a
   * hundred members and dozens of the owner's other sessions, and run streams
   * carry every event kind.
   */
  profile?: Profile;
  edition?: 'community' | 'enterprise';
  /** Device-code timing; 5 s and 900 s like the real server unless a test wants it shorter. */
  deviceFlow?: { intervalSeconds?: number; expiresInSeconds?: number };
  importPendingTtlSeconds?: number;
  /** The per-token limit of the ideal profile (off by default there); the realistic one defaults to 60. */
  rateLimitPerMinute?: number;
  /** Length of the per-token window; 60 s like the real server unless a test wants a shorter one. */
  rateLimitWindowMs?: number;
  /**
   * Overrides single quotas, e.g. `{ perToken: { limit: 10_000 }, deviceApproval: { windowMs: 2_000 } }`;
   * a quota not named keeps its profile default and a limit of 0 switches one off. The realistic profile
   * starts from the real sizes (profile.ts REAL_QUOTAS); the ideal one has all of them off.
   */
  quotas?: QuotaOverrides;
  /**
   * Realistic profile: whether chat, completion and agent-chat apps find a model provider. Off (the
   * default) they answer 400 provider_not_initialize; on, they run and stream every chat event kind.
   */
  modelProviders?: boolean;
  /** Another client of the owner's account that logs in (and later out) while the server runs; off by default. */
  otherClients?: OtherClientsOptions;
  streamEventDelayMs?: number;
  version?: string;
}

export type SeededAppMode = 'workflow' | 'chat' | 'advanced-chat' | 'completion' | 'agent-chat';

/** An account other than the owner's, with its own bearer and console login. */
export interface SecondAccount {
  readonly accountId: string;
  readonly email: string;
  readonly token: string;
  readonly consoleCookie: string;
  readonly csrfToken: string;
}

export interface ReferenceServer {
  readonly baseUrl: string;
  readonly profile: Profile;
  readonly token: string;
  readonly externalToken: string;
  readonly consoleCookie: string;
  readonly csrfToken: string;
  /** Priya Raman, admin of the main workspace: approving with her console login mints her tokens. */
  readonly secondAccount: SecondAccount;
  readonly workspaceId: string;
  readonly otherWorkspaceId: string;
  /** A workspace the owner is not a member of. */
  readonly foreignWorkspaceId: string;
  /** An app of that workspace. */
  readonly foreignAppId: string;
  /** Published apps of each runnable mode, in both profiles. */
  readonly appIds: Readonly<Record<SeededAppMode, string>>;
  readonly hitlAppId: string;
  readonly fileAppId: string;
  /** The upload size limit for documents, in MB (UPLOAD_FILE_SIZE_LIMIT of a default Dify). */
  readonly uploadLimitMb: number;
  /** The quotas enforced; a limit of 0 is off. */
  readonly quotas: Readonly<Quotas>;
  readonly deviceFlow: { readonly intervalSeconds: number; readonly expiresInSeconds: number };
  readonly modelProviders: boolean;
  readonly requestLog: ReadonlyArray<RequestLogEntry>;
  close(): Promise<void>;
}

function settingsFrom(options: ReferenceServerOptions): Settings {
  const profile = options.profile ?? 'ideal';
  return {
    profile,
    edition: options.edition ?? 'community',
    deviceIntervalSeconds: options.deviceFlow?.intervalSeconds ?? 5,
    deviceExpiresInSeconds: options.deviceFlow?.expiresInSeconds ?? 900,
    importPendingTtlSeconds: options.importPendingTtlSeconds ?? 600,
    quotas: resolveQuotas({ profile, quotas: options.quotas, rateLimitPerMinute: options.rateLimitPerMinute, rateLimitWindowMs: options.rateLimitWindowMs }),
    modelProviders: profile === 'ideal' || (options.modelProviders ?? false),
    streamEventDelayMs: options.streamEventDelayMs ?? 5,
    version: options.version ?? '1.14.0',
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function cookieOf(login: ConsoleSession | undefined): { consoleCookie: string; csrfToken: string } {
  if (!login) throw new Error('reference server: a seeded console login is missing');
  return { consoleCookie: `access_token=${login.accessToken}; csrf_token=${login.csrfToken}`, csrfToken: login.csrfToken };
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const faults = new FaultSwitches(options.faults ?? []);
  const now = Date.now();
  const world = seedWorld(now);
  const settings = settingsFrom(options);
  if (settings.profile === 'realistic') addCrowd(world.state, now);
  const runtime: Runtime = { state: world.state, faults, settings, cleanups: new Set() };
  const requestLog: RequestLogEntry[] = [];
  const server = createServer((req, res) => {
    void dispatch(runtime, requestLog, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (options.otherClients) startOtherClients(runtime, options.otherClients);
  const { port } = server.address() as AddressInfo;
  const [ownerLogin, secondLogin] = world.state.consoleSessions;
  const second = world.state.account(SEED.adminId);
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://${hostForUrl(host)}:${port}${API_ROOT}`,
    profile: settings.profile,
    token: world.ownerToken,
    externalToken: world.externalToken,
    ...cookieOf(ownerLogin),
    secondAccount: { accountId: SEED.adminId, email: second?.email ?? '', token: world.secondToken, ...cookieOf(secondLogin) },
    workspaceId: SEED.mainWorkspaceId,
    otherWorkspaceId: SEED.partnerWorkspaceId,
    foreignWorkspaceId: SEED.foreignWorkspaceId,
    foreignAppId: SEED.foreignAppId,
    appIds: SEEDED_APP_IDS,
    hitlAppId: HITL_APP_ID,
    fileAppId: FILE_APP_ID,
    uploadLimitMb: UPLOAD_LIMIT_MB,
    quotas: settings.quotas,
    deviceFlow: { intervalSeconds: settings.deviceIntervalSeconds, expiresInSeconds: settings.deviceExpiresInSeconds },
    modelProviders: settings.modelProviders,
    requestLog,
    close() {
      closed ??= new Promise<void>((resolve) => {
        // Runs play on timers; stopping them lets the process exit right after close.
        for (const run of world.state.runs.values()) run.requestStop();
        for (const cleanup of runtime.cleanups) cleanup();
        runtime.cleanups.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
