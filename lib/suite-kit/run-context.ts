/**
 * What the run command hands to every suite worker (through vitest's
 * provide/inject): the resolved target and the run's settings.
 */
import type { AppModeKey, Profile } from '../config/load-config.ts';
import { secretVariables } from '../config/secrets.ts';
import type { QuotaGrant } from '../quota/quotas.ts';

export interface TargetInfo {
  /** API root including /openapi/v1, without a trailing slash. */
  readonly baseUrl: string;
  readonly token: string;
  readonly embedded: boolean;
  /**
   * The workspace under test, decided once before the workers start (DIFY_WORKSPACE_ID, else
   * default_workspace_id of GET /account), so a switch by one test never changes what another sees.
   */
  readonly workspaceId: string | undefined;
  /** Apps the run may run: configured (DIFY_APP_ID_<MODE>), published by a person. */
  readonly appIds: Readonly<Partial<Record<AppModeKey, string>>>;
  readonly hitlAppId: string | undefined;
  /** A runnable app with a file input (DIFY_FILE_APP_ID). */
  readonly fileAppId: string | undefined;
  readonly foreignWorkspaceId: string | undefined;
  readonly foreignAppId: string | undefined;
  readonly consoleCookie: string | undefined;
  readonly consoleCsrfToken: string | undefined;
  readonly clientId: string;
  readonly externalToken: string | undefined;
  /** A second member of the workspace under test (DIFY_OTHER_MEMBER_TOKEN), for reads only. */
  readonly otherMemberToken: string | undefined;
  /** The server's document upload limit in MB (DIFY_UPLOAD_LIMIT_MB): set, the suite sends one file just over it. */
  readonly uploadLimitMb: number | undefined;
}

export interface RunContext {
  /** Short id that names everything the run creates, e.g. dcr-m3k9x2. */
  readonly runId: string;
  readonly target: TargetInfo;
  readonly profile: Profile;
  /** --interactive: without a console session a person approves device codes in a browser. */
  readonly interactive: boolean;
  readonly fuzzRuns: number;
  readonly seed: number;
  readonly requestTimeoutMs: number;
  readonly streamTimeoutMs: number;
  readonly deviceExpiryWaitSeconds: number;
  readonly maxResponseBytes: number;
  /** The run's pacing server (lib/runner/pacing-server.ts); undefined when the run is not paced. */
  readonly pacingUrl: string | undefined;
  /** Whether the server's ids are UUIDs (the account's and its workspaces'): rules about UUID-shaped ids hold only then. */
  readonly idsAreUuids: boolean;
  /** What the run may spend of the server's quotas (lib/quota/quotas.ts). */
  readonly quota: QuotaGrant;
  /** Whether the console session was checked to belong to the token's account, and the token minted doing so. */
  readonly consoleIdentity: ConsoleIdentity | undefined;
}

export type ConsoleIdentity =
  { readonly kind: 'matched'; readonly minted: { readonly token: string; readonly label: string } } | { readonly kind: 'unavailable'; readonly reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    difyRun: RunContext;
  }
}

/** Secret values of a run, for redaction: the target's secret settings (the settings table says which) and the token the run minted. */
export function secretsOf(context: RunContext): string[] {
  const minted = context.consoleIdentity?.kind === 'matched' ? context.consoleIdentity.minted.token : undefined;
  return [...secretVariables(context.target).keys(), ...(minted === undefined ? [] : [minted])];
}
