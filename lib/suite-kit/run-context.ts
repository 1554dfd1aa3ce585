/**
 * What the run command hands to every suite worker (through vitest's
 * provide/inject): the resolved target and the run's settings.
 */
import type { AppModeKey, Profile } from '../config/load-config.ts';

export interface TargetInfo {
  /** API root including /openapi/v1, without a trailing slash. */
  readonly baseUrl: string;
  readonly token: string;
  readonly embedded: boolean;
  readonly workspaceId: string | undefined;
  readonly appIds: Readonly<Partial<Record<AppModeKey, string>>>;
  readonly hitlAppId: string | undefined;
  readonly consoleCookie: string | undefined;
  readonly consoleCsrfToken: string | undefined;
  readonly clientId: string;
  readonly externalToken: string | undefined;
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
  /** The pacing budget of one worker: DIFY_MAX_REQUESTS_PER_MINUTE shared among the workers. */
  readonly maxRequestsPerMinute: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    difyRun: RunContext;
  }
}

/** Secret values of a run, for redaction. */
export function secretsOf(context: RunContext): string[] {
  const t = context.target;
  return [t.token, t.consoleCookie, t.consoleCsrfToken, t.externalToken].filter((s): s is string => s !== undefined);
}
