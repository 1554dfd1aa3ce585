/** The target description of an embedded reference server. */
import type { SuiteConfig } from '../config/load-config.ts';
import type { ReferenceServer } from '../reference-server/index.ts';
import type { TargetInfo } from '../suite-kit/run-context.ts';

/** Device-flow timings of the embedded server: short, so the flows finish in seconds. */
export const EMBEDDED_DEVICE_FLOW = { intervalSeconds: 1, expiresInSeconds: 6 };

/**
 * The embedded server's settings, as a user would configure them for a server of their own: its
 * published apps to run, its human-input and file-input apps, its console session, its external-SSO
 * token, a workspace its owner is not a member of and an app of it, its second member's token and its
 * upload limit. Configured values win.
 */
export function embeddedTarget(server: ReferenceServer, config: Pick<SuiteConfig, 'workspaceId' | 'appIds' | 'hitlAppId' | 'fileAppId' | 'foreignWorkspaceId' | 'foreignAppId' | 'consoleCookie' | 'consoleCsrfToken' | 'clientId' | 'externalToken' | 'otherMemberToken' | 'uploadLimitMb'>): TargetInfo {
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
