// The server's in-memory world: accounts, workspaces, tokens, apps and the
// short-lived objects the API creates. One instance per started server.
import { IdMinter } from './ids.ts';
import type { TokenPrefix } from './ids.ts';
import type { App, AppMode } from './app-model.ts';
import type { Run } from './run-registry.ts';

export { APP_MODES, type App, type AppMode, type InputType, type InputVariable } from './app-model.ts';

export const WORKFLOW_FAMILY: readonly AppMode[] = ['workflow', 'advanced-chat'];
export const CHAT_FAMILY: readonly AppMode[] = ['chat', 'agent-chat', 'advanced-chat'];

export type WorkspaceRole = 'owner' | 'admin' | 'editor' | 'normal' | 'dataset_operator';
export type AccountStatus = 'active' | 'pending' | 'banned';

export interface Account {
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  avatar: string | null;
  createdAt: number;
}

export interface Workspace {
  id: string;
  name: string;
  status: 'normal' | 'archive';
  createdAt: number;
}

export interface Membership {
  workspaceId: string;
  accountId: string;
  role: WorkspaceRole;
  current: boolean;
}

export type Subject = { type: 'account'; accountId: string } | { type: 'external_sso'; email: string; issuer: string };

export interface Session {
  id: string;
  /** sha256 hex of the bearer; null once revoked, as the real server nulls it. */
  tokenHash: string | null;
  prefix: TokenPrefix;
  subject: Subject;
  clientId: string;
  deviceLabel: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface PluginDependency {
  type: 'github' | 'marketplace' | 'package';
  value: Record<string, string>;
  current_identifier: string | null;
}

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  clientId: string;
  deviceLabel: string;
  state: 'pending' | 'approved' | 'denied';
  expiresAt: number;
  /** The rendered 200 poll answer, kept until the one poll that consumes it. */
  approvedPayload: Record<string, unknown> | null;
}

export interface PendingImport {
  id: string;
  workspaceId: string;
  document: Record<string, unknown>;
  importedVersion: string;
  overwriteAppId: string | null;
  overrides: ImportOverrides;
  expiresAt: number;
}

export interface ImportOverrides {
  name?: string | undefined;
  description?: string | undefined;
  iconType?: string | undefined;
  icon?: string | undefined;
  iconBackground?: string | undefined;
}

export interface UploadedFile {
  id: string;
  workspaceId: string;
  appId: string;
  name: string;
  size: number;
  extension: string;
  mimeType: string;
  createdBy: string;
  createdAt: number;
}

export interface HumanInputForm {
  token: string;
  formId: string;
  appId: string;
  workflowRunId: string;
  content: string;
  expiresAt: number;
  submitted: boolean;
}

export interface Conversation {
  id: string;
  appId: string;
  subjectKey: string;
}

export interface ConsoleSession {
  accountId: string;
  accessToken: string;
  csrfToken: string;
}

export class ServerState {
  readonly ids = new IdMinter();
  readonly accounts = new Map<string, Account>();
  readonly workspaces = new Map<string, Workspace>();
  /** Insertion order is the members list order (the real query has no ORDER BY). */
  readonly memberships: Membership[] = [];
  readonly sessions: Session[] = [];
  readonly apps = new Map<string, App>();
  readonly leakedDependencies = new Map<string, { dependencies: PluginDependency[]; expiresAt: number }>();
  readonly deviceCodes = new Map<string, DeviceCode>();
  readonly lastDevicePoll = new Map<string, number>();
  readonly imports = new Map<string, PendingImport>();
  readonly files = new Map<string, UploadedFile>();
  readonly forms = new Map<string, HumanInputForm>();
  readonly runs = new Map<string, Run>();
  readonly conversations = new Map<string, Conversation>();
  readonly rateWindows = new Map<string, number[]>();

  /** Console logins that may approve devices; the owner's comes first. */
  constructor(readonly consoleSessions: ConsoleSession[]) {}

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  membership(workspaceId: string, accountId: string): Membership | undefined {
    return this.memberships.find((row) => row.workspaceId === workspaceId && row.accountId === accountId);
  }

  /** The caller's role there; an account that is not active holds none. */
  activeMembership(workspaceId: string, accountId: string): Membership | undefined {
    const account = this.accounts.get(accountId);
    if (!account || account.status !== 'active') return undefined;
    return this.membership(workspaceId, accountId);
  }

  membershipsOf(accountId: string): Membership[] {
    return this.memberships.filter((row) => row.accountId === accountId && this.workspaces.has(row.workspaceId));
  }

  /** The membership flagged current, else the first one. */
  defaultMembership(accountId: string): Membership | undefined {
    const rows = this.membershipsOf(accountId);
    return rows.find((row) => row.current) ?? rows[0];
  }

  liveSessionByHash(hash: string, now: number): Session | undefined {
    return this.sessions.find((row) => row.tokenHash === hash && row.revokedAt === null && row.expiresAt > now);
  }

  revoke(session: Session, now: number): void {
    if (session.revokedAt !== null) return;
    session.revokedAt = now;
    session.tokenHash = null;
  }
}

export function subjectKey(subject: Subject): string {
  return subject.type === 'account' ? `account:${subject.accountId}` : `external:${subject.issuer}:${subject.email}`;
}
