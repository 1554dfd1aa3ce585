// How a started reference server presents itself: a description for people
// (what `npm run reference-server` prints) and its settings as `.env` lines.
import type { ReferenceServer } from './index.ts';
import type { QuotaLimit, QuotaName } from './profile.ts';
import { CROWD } from './seed-crowd.ts';

const QUOTA_LABELS: Readonly<Record<QuotaName, string>> = {
  perToken: 'every bearer request, per token',
  account: 'GET /account, per account',
  deviceCode: 'POST /oauth/device/code, per client IP',
  deviceLookup: 'GET /oauth/device/lookup, per client IP',
  deviceApproval: 'approve + deny, per console login',
};

function duration(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function quotaText(quota: QuotaLimit): string {
  return quota.limit > 0 ? `${quota.limit} per ${duration(quota.windowMs)}` : 'off';
}

/** What a realistic server does that the ideal one does not (docs/server-behavior.md §12). */
function realisticLines(server: ReferenceServer): string[] {
  return [
    'Profile: realistic (a default-configured Dify, docs/server-behavior.md §12)',
    '  - seeded apps are published; imported workflow/advanced-chat apps are drafts whose runs answer 500',
    `  - chat, completion and agent-chat runs: ${server.modelProviders ? 'a model provider is configured' : '400 provider_not_initialize (no model provider)'}`,
    '  - invites validate e-mail like pydantic EmailStr; GET /apps refuses limit > 100 with 400',
    `  - main workspace: over ${CROWD.apps} apps and ${CROWD.members} members; the owner has ${CROWD.ownerSessions} sessions of other clients`,
    '  - run streams carry iteration, loop, parallel-branch, retry, agent-log, file, replace, reasoning and TTS events',
    'Quotas (429):',
    ...(Object.keys(QUOTA_LABELS) as QuotaName[]).map((name) => `  ${QUOTA_LABELS[name].padEnd(42)} ${quotaText(server.quotas[name])}`),
    `Device codes: interval ${server.deviceFlow.intervalSeconds} s, expires in ${server.deviceFlow.expiresInSeconds} s`,
    '',
  ];
}

export function describeReferenceServer(server: ReferenceServer): string {
  const apps = Object.entries(server.appIds).map(([mode, id]) => `  ${mode.padEnd(14)} ${id}`);
  return [
    `Reference server listening at ${server.baseUrl}`,
    '',
    ...(server.profile === 'realistic' ? realisticLines(server) : []),
    `Bearer token (owner, dfoa_):   ${server.token}`,
    `External token (dfoe_, EE):    ${server.externalToken}`,
    `Console cookie:                ${server.consoleCookie}`,
    `CSRF token (X-CSRF-Token):     ${server.csrfToken}`,
    '',
    `Second account:                ${server.secondAccount.email} (${server.secondAccount.accountId})`,
    `  bearer token (dfoa_):        ${server.secondAccount.token}`,
    `  console cookie:              ${server.secondAccount.consoleCookie}`,
    `  CSRF token:                  ${server.secondAccount.csrfToken}`,
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

/** dotenv reads a single-quoted value literally; plain values need no quotes. */
function envValue(value: string): string {
  return /^[\w./:@-]*$/.test(value) ? value : `'${value}'`;
}

/**
 * The server's settings as `DIFY_*=value` lines for a `.env` file, naming the
 * owner's credentials and a published seeded app of every runnable mode.
 */
export function referenceServerEnv(server: ReferenceServer): string {
  const settings: [string, string][] = [
    ['DIFY_BASE_URL', server.baseUrl],
    ['DIFY_TOKEN', server.token],
    ['DIFY_WORKSPACE_ID', server.workspaceId],
    ['DIFY_CONSOLE_COOKIE', server.consoleCookie],
    ['DIFY_CONSOLE_CSRF_TOKEN', server.csrfToken],
    ['DIFY_HITL_APP_ID', server.hitlAppId],
    ['DIFY_FILE_APP_ID', server.fileAppId],
    ['DIFY_FOREIGN_WORKSPACE_ID', server.foreignWorkspaceId],
    ['DIFY_FOREIGN_APP_ID', server.foreignAppId],
    ['DIFY_OTHER_MEMBER_TOKEN', server.secondAccount.token],
    ['DIFY_UPLOAD_LIMIT_MB', String(server.uploadLimitMb)],
    ['DIFY_APP_ID_WORKFLOW', server.appIds.workflow],
    ['DIFY_APP_ID_ADVANCED_CHAT', server.appIds['advanced-chat']],
    ['DIFY_APP_ID_CHAT', server.appIds.chat],
    ['DIFY_APP_ID_COMPLETION', server.appIds.completion],
    ['DIFY_APP_ID_AGENT_CHAT', server.appIds['agent-chat']],
  ];
  return settings.map(([name, value]) => `${name}=${envValue(value)}\n`).join('');
}
