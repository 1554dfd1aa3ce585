/**
 * Every configuration setting of the suite, as data: the environment name, the
 * command-line flag, how a value is parsed and validated, and whether it is a
 * secret. Loading, documentation and redaction are all driven from this table.
 */

import type { AppModeKey } from '../spec/app-modes.ts';

export type SettingKind = 'url' | 'string' | 'secret' | 'positive-int' | 'non-negative-int' | 'profile' | 'list' | 'fail-on';

export interface SettingDefinition {
  readonly key: keyof RawSettings;
  readonly env: string;
  readonly flag: string;
  readonly kind: SettingKind;
  readonly defaultValue?: string;
  /** Describes the server under test: set without a base URL, it means the run was meant for a server, not the embedded one. */
  readonly describesTarget?: true;
  /** The app of this mode the run runs (DIFY_APP_ID_<MODE>). */
  readonly appMode?: AppModeKey;
  readonly description: string;
}

/** Setting values as strings, before parsing. */
export interface RawSettings {
  baseUrl: string;
  token: string;
  workspaceId: string;
  appIdWorkflow: string;
  appIdChat: string;
  appIdAdvancedChat: string;
  appIdCompletion: string;
  appIdAgentChat: string;
  hitlAppId: string;
  fileAppId: string;
  foreignWorkspaceId: string;
  foreignAppId: string;
  consoleCookie: string;
  consoleCsrfToken: string;
  clientId: string;
  externalToken: string;
  otherMemberToken: string;
  uploadLimitMb: string;
  profile: string;
  fuzzRuns: string;
  seed: string;
  reportDir: string;
  maxRequestsPerMinute: string;
  requestTimeoutMs: string;
  streamTimeoutMs: string;
  deviceExpiryWaitSeconds: string;
  maxResponseBytes: string;
  concurrency: string;
  referenceFaults: string;
  referenceProfile: string;
  only: string;
  skip: string;
  shard: string;
  budget: string;
  quotaLedger: string;
  failOn: string;
  waitForServerSeconds: string;
}

export const SETTINGS: readonly SettingDefinition[] = [
  {
    key: 'baseUrl',
    env: 'DIFY_BASE_URL',
    flag: '--base-url',
    kind: 'url',
    description:
      'API root of the server under test, including /openapi/v1. Unset: the embedded reference server is tested, unless CI is set or another setting describes a server (then the missing URL is an error; --embedded asks for the embedded server by name).',
  },
  {
    key: 'token',
    env: 'DIFY_TOKEN',
    flag: '--token',
    kind: 'secret',
    describesTarget: true,
    description: 'Account bearer token (dfoa_…) of an owner or admin of the workspace under test. Required with DIFY_BASE_URL.',
  },
  {
    key: 'workspaceId',
    env: 'DIFY_WORKSPACE_ID',
    flag: '--workspace-id',
    kind: 'string',
    describesTarget: true,
    description: 'Workspace under test. Default: default_workspace_id from GET /account.',
  },
  {
    key: 'appIdWorkflow',
    env: 'DIFY_APP_ID_WORKFLOW',
    flag: '--app-id-workflow',
    kind: 'string',
    describesTarget: true,
    appMode: 'workflow',
    description:
      'A published workflow app to run. Without it the workflow run checks are skipped: the API cannot tell a published workflow from a draft, and a draft cannot run.',
  },
  {
    key: 'appIdChat',
    env: 'DIFY_APP_ID_CHAT',
    flag: '--app-id-chat',
    kind: 'string',
    describesTarget: true,
    appMode: 'chat',
    description: 'A chat app to run. Default: the first chat app GET /apps?mode=chat lists.',
  },
  {
    key: 'appIdAdvancedChat',
    env: 'DIFY_APP_ID_ADVANCED_CHAT',
    flag: '--app-id-advanced-chat',
    kind: 'string',
    describesTarget: true,
    appMode: 'advanced-chat',
    description: 'A published advanced-chat app to run. Without it the advanced-chat run checks are skipped (a draft cannot run).',
  },
  {
    key: 'appIdCompletion',
    env: 'DIFY_APP_ID_COMPLETION',
    flag: '--app-id-completion',
    kind: 'string',
    describesTarget: true,
    appMode: 'completion',
    description: 'A completion app to run. Default: the first completion app GET /apps?mode=completion lists.',
  },
  {
    key: 'appIdAgentChat',
    env: 'DIFY_APP_ID_AGENT_CHAT',
    flag: '--app-id-agent-chat',
    kind: 'string',
    describesTarget: true,
    appMode: 'agent-chat',
    description: 'An agent-chat app to run. Default: the first agent-chat app GET /apps?mode=agent-chat lists.',
  },
  {
    key: 'hitlAppId',
    env: 'DIFY_HITL_APP_ID',
    flag: '--hitl-app-id',
    kind: 'string',
    describesTarget: true,
    description: 'A workflow app that pauses at a human-input node. Without it the human-input checks are skipped.',
  },
  {
    key: 'fileAppId',
    env: 'DIFY_FILE_APP_ID',
    flag: '--file-app-id',
    kind: 'string',
    describesTarget: true,
    description: 'A published app with a file input, run with a file the suite uploads. Without it that check is skipped.',
  },
  {
    key: 'foreignWorkspaceId',
    env: 'DIFY_FOREIGN_WORKSPACE_ID',
    flag: '--foreign-workspace-id',
    kind: 'string',
    describesTarget: true,
    description: 'A workspace the account of DIFY_TOKEN is not a member of; the suite only reads it, to check it is refused. Without it that check is skipped.',
  },
  {
    key: 'foreignAppId',
    env: 'DIFY_FOREIGN_APP_ID',
    flag: '--foreign-app-id',
    kind: 'string',
    describesTarget: true,
    description:
      'An app of a workspace the account of DIFY_TOKEN is not a member of; the suite only reads it, to check it is refused. Without it that check is skipped.',
  },
  {
    key: 'consoleCookie',
    env: 'DIFY_CONSOLE_COOKIE',
    flag: '--console-cookie',
    kind: 'secret',
    describesTarget: true,
    description: 'Console session cookie (sent as Cookie) that approves or denies device codes.',
  },
  {
    key: 'consoleCsrfToken',
    env: 'DIFY_CONSOLE_CSRF_TOKEN',
    flag: '--console-csrf-token',
    kind: 'secret',
    describesTarget: true,
    description: 'Console CSRF token (sent as X-CSRF-Token) that goes with DIFY_CONSOLE_COOKIE.',
  },
  {
    key: 'clientId',
    env: 'DIFY_CLIENT_ID',
    flag: '--client-id',
    kind: 'string',
    defaultValue: 'difyctl',
    description: 'OAuth client id used for the device flow.',
  },
  {
    key: 'externalToken',
    env: 'DIFY_EXTERNAL_TOKEN',
    flag: '--external-token',
    kind: 'secret',
    describesTarget: true,
    description: 'An external-SSO bearer (dfoe_…) for the Enterprise-only surface. Without it those checks are skipped.',
  },
  {
    key: 'otherMemberToken',
    env: 'DIFY_OTHER_MEMBER_TOKEN',
    flag: '--other-member-token',
    kind: 'secret',
    describesTarget: true,
    description:
      'Bearer token (dfoa_…) of a second account that is a member of the workspace under test (any role), used only to read: it must not reach the runs of DIFY_TOKEN. Without it that check is skipped.',
  },
  {
    key: 'uploadLimitMb',
    env: 'DIFY_UPLOAD_LIMIT_MB',
    flag: '--upload-limit-mb',
    kind: 'positive-int',
    describesTarget: true,
    description:
      "The server's upload size limit for documents in MB (UPLOAD_FILE_SIZE_LIMIT, 15 by default). Set it to let the suite upload one file just over it and expect 413; unset, nothing that large is sent.",
  },
  {
    key: 'profile',
    env: 'DIFY_PROFILE',
    flag: '--profile',
    kind: 'profile',
    defaultValue: 'full',
    description: 'full (default) creates and removes its own fixtures; read-only sends only GET requests.',
  },
  {
    key: 'fuzzRuns',
    env: 'DIFY_FUZZ_RUNS',
    flag: '--fuzz-runs',
    kind: 'non-negative-int',
    defaultValue: '4',
    description: 'Generated inputs per fuzzed operation, sent after its fixed examples (every input class once, boundaries first); 0 sends the examples only.',
  },
  {
    key: 'seed',
    env: 'DIFY_SEED',
    flag: '--seed',
    kind: 'non-negative-int',
    description: 'Seed of the generated inputs. Default: a fresh seed, printed in the report, so a run can be replayed.',
  },
  {
    key: 'reportDir',
    env: 'DIFY_REPORT_DIR',
    flag: '--report-dir',
    kind: 'string',
    defaultValue: 'reports',
    description: 'Where results.json, junit.xml and report.html are written.',
  },
  {
    key: 'maxRequestsPerMinute',
    env: 'DIFY_MAX_REQUESTS_PER_MINUTE',
    flag: '--max-requests-per-minute',
    kind: 'non-negative-int',
    description:
      'Pace the requests of each bearer token, across all workers, to at most this many per minute (the real server limits each token); requests without it are not paced; 0 means no pacing. Default: 60 against a server (its default OPENAPI_RATE_LIMIT_PER_TOKEN), unpaced for the embedded server.',
  },
  {
    key: 'requestTimeoutMs',
    env: 'DIFY_REQUEST_TIMEOUT_MS',
    flag: '--request-timeout-ms',
    kind: 'positive-int',
    defaultValue: '10000',
    description: 'Time limit of one request, from sending to the last byte of the body.',
  },
  {
    key: 'streamTimeoutMs',
    env: 'DIFY_STREAM_TIMEOUT_MS',
    flag: '--stream-timeout-ms',
    kind: 'positive-int',
    defaultValue: '60000',
    description: 'Time limit of one SSE stream.',
  },
  {
    key: 'deviceExpiryWaitSeconds',
    env: 'DIFY_DEVICE_EXPIRY_WAIT_SECONDS',
    flag: '--device-expiry-wait-seconds',
    kind: 'non-negative-int',
    defaultValue: '30',
    description: 'Longest the suite waits for a device code to expire; a code that lives longer makes the expiry check skipped.',
  },
  {
    key: 'maxResponseBytes',
    env: 'DIFY_MAX_RESPONSE_BYTES',
    flag: '--max-response-bytes',
    kind: 'positive-int',
    defaultValue: '10485760',
    description: 'Largest response body the suite reads; a larger one is an error of that exchange.',
  },
  {
    key: 'concurrency',
    env: 'DIFY_CONCURRENCY',
    flag: '--concurrency',
    kind: 'positive-int',
    defaultValue: '2',
    description: 'Suite files run at once; 1 for servers that must be driven strictly in sequence.',
  },
  {
    key: 'referenceProfile',
    env: 'DIFY_REFERENCE_PROFILE',
    flag: '--reference-profile',
    kind: 'string',
    defaultValue: 'ideal',
    description:
      'Embedded reference server only: ideal (default), or realistic — a default-configured Dify (docs/server-behavior.md §12): drafts that cannot run, no model provider, EmailStr invites, GET /apps capped at 100, a crowded workspace, every quota of §12.5 at its real size (the run is then paced to 60 requests a minute).',
  },
  {
    key: 'referenceFaults',
    env: 'DIFY_REFERENCE_FAULTS',
    flag: '--fault',
    kind: 'list',
    description: 'Embedded server only: comma-separated named faults to switch on (to see the suite catch them).',
  },
  {
    key: 'only',
    env: 'DIFY_ONLY',
    flag: '--only',
    kind: 'list',
    description:
      'Judge only these checks: comma-separated check ids (a trailing * matches a prefix), areas (see list-checks) or levels (MUST, SHOULD). Tests that decide none of them do not run.',
  },
  { key: 'skip', env: 'DIFY_SKIP', flag: '--skip', kind: 'list', description: 'Leave these checks out: same terms as DIFY_ONLY. Applied after DIFY_ONLY.' },
  {
    key: 'quotaLedger',
    env: 'DIFY_QUOTA_LEDGER',
    flag: '--quota-ledger',
    kind: 'string',
    description:
      'File where runs record the hourly quotas they spent on each server (approvals, device codes), so the next run plans within what is left. Default: $XDG_CACHE_HOME/dify-conformance/quota-ledger.json (~/.cache/…).',
  },
  {
    key: 'budget',
    env: 'DIFY_BUDGET',
    flag: '--budget',
    kind: 'positive-int',
    description:
      'Send at most about this many requests: the run picks the suite files that catch the most faults per request (as measured in lib/runner/suite-profile.json) and reports the checks it left unjudged. Default: no budget, every selected file runs.',
  },
  {
    key: 'shard',
    env: 'DIFY_SHARD',
    flag: '--shard',
    kind: 'string',
    description:
      'Run only shard i of n (e.g. 2/4) of the suite files, for a CI matrix; join the results.json files with dify-conformance merge. Files are dealt to shards by their measured cost.',
  },
  {
    key: 'failOn',
    env: 'DIFY_FAIL_ON',
    flag: '--fail-on',
    kind: 'fail-on',
    defaultValue: 'must',
    description:
      'Which failures fail the run: must (MUST failures; SHOULD failures are warnings) or should (SHOULD failures fail it too, to certify against the documented behaviour as well).',
  },
  {
    key: 'waitForServerSeconds',
    env: 'DIFY_WAIT_FOR_SERVER',
    flag: '--wait-for-server',
    kind: 'non-negative-int',
    defaultValue: '0',
    description: 'Seconds to wait for a freshly started server to answer before judging it; 0 judges it at once.',
  },
];

/** The default the settings table gives `key`; an error when it gives none (a caller that needs one relies on the table). */
export function settingDefault(key: keyof RawSettings): string {
  const value = SETTINGS.find((s) => s.key === key)?.defaultValue;
  if (value === undefined) throw new Error(`lib/config/settings.ts gives ${key} no default`);
  return value;
}

/** The numeric default the settings table gives `key`. */
export function numericSettingDefault(key: keyof RawSettings): number {
  const value = Number(settingDefault(key));
  if (!Number.isFinite(value)) throw new Error(`lib/config/settings.ts gives ${key} no numeric default`);
  return value;
}
