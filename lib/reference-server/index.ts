// The embedded reference server: an in-memory implementation of Dify's
// /openapi/v1 used when no server URL is configured and by the suite's
// self-tests, which switch on named faults to prove each check can fail.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_ROOT, dispatch } from './dispatch.ts';
import type { RequestLogEntry } from './dispatch.ts';
import { FaultSwitches } from './faults.ts';
import type { Runtime, Settings } from './runtime.ts';
import { FILE_APP_ID, HITL_APP_ID, SEED, SEEDED_APP_IDS, seedWorld } from './seed-data.ts';

export interface ReferenceServerOptions {
  host?: string;
  port?: number;
  faults?: readonly string[];
  edition?: 'community' | 'enterprise';
  deviceFlow?: { intervalSeconds?: number; expiresInSeconds?: number };
  importPendingTtlSeconds?: number;
  rateLimitPerMinute?: number;
  /** Length of the rate-limit window; 60 s like the real server unless a test wants a shorter one. */
  rateLimitWindowMs?: number;
  streamEventDelayMs?: number;
  version?: string;
}

export type SeededAppMode = 'workflow' | 'chat' | 'advanced-chat' | 'completion' | 'agent-chat';

export interface ReferenceServer {
  readonly baseUrl: string;
  readonly token: string;
  readonly externalToken: string;
  readonly consoleCookie: string;
  readonly csrfToken: string;
  readonly workspaceId: string;
  readonly otherWorkspaceId: string;
  readonly appIds: Readonly<Record<SeededAppMode, string>>;
  readonly hitlAppId: string;
  readonly fileAppId: string;
  readonly requestLog: ReadonlyArray<RequestLogEntry>;
  close(): Promise<void>;
}

function settingsFrom(options: ReferenceServerOptions): Settings {
  return {
    edition: options.edition ?? 'community',
    deviceIntervalSeconds: options.deviceFlow?.intervalSeconds ?? 5,
    deviceExpiresInSeconds: options.deviceFlow?.expiresInSeconds ?? 900,
    importPendingTtlSeconds: options.importPendingTtlSeconds ?? 600,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 60_000,
    streamEventDelayMs: options.streamEventDelayMs ?? 5,
    version: options.version ?? '1.14.0',
  };
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const faults = new FaultSwitches(options.faults ?? []);
  const world = seedWorld(Date.now());
  const runtime: Runtime = { state: world.state, faults, settings: settingsFrom(options), cleanups: new Set() };
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
  const { port } = server.address() as AddressInfo;
  const consoleSession = world.state.console;
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://${hostForUrl(host)}:${port}${API_ROOT}`,
    token: world.ownerToken,
    externalToken: world.externalToken,
    consoleCookie: `access_token=${consoleSession.accessToken}; csrf_token=${consoleSession.csrfToken}`,
    csrfToken: consoleSession.csrfToken,
    workspaceId: SEED.mainWorkspaceId,
    otherWorkspaceId: SEED.partnerWorkspaceId,
    appIds: SEEDED_APP_IDS,
    hitlAppId: HITL_APP_ID,
    fileAppId: FILE_APP_ID,
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

export function describeReferenceServer(server: ReferenceServer): string {
  const apps = Object.entries(server.appIds).map(([mode, id]) => `  ${mode.padEnd(14)} ${id}`);
  return [
    `Reference server listening at ${server.baseUrl}`,
    '',
    `Bearer token (owner, dfoa_):   ${server.token}`,
    `External token (dfoe_, EE):    ${server.externalToken}`,
    `Console cookie:                ${server.consoleCookie}`,
    `CSRF token (X-CSRF-Token):     ${server.csrfToken}`,
    '',
    `Workspace (owner, current):    ${server.workspaceId}`,
    `Other workspace (normal):      ${server.otherWorkspaceId}`,
    '',
    'Apps:',
    ...apps,
    `  ${'hitl'.padEnd(14)} ${server.hitlAppId}`,
    `  ${'file-input'.padEnd(14)} ${server.fileAppId}`,
    '',
  ].join('\n');
}
