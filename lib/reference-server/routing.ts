// Routes and their guards. Each constructor runs the real server's guard steps
// in its order (docs/server-behavior.md §1.5) before the handler sees the
// request: edition gate, bearer, token kind, app, workspace membership, role.
// Handlers then validate their input (422) and do the work.
import { authenticate, authenticateAccount, authenticateConsole } from './auth.ts';
import type { AccountCaller, Caller, TokenKind } from './auth.ts';
import { ApiError, validationError, WERKZEUG_NOT_FOUND, WORKSPACE_NOT_FOUND } from './errors.ts';
import { isUuid } from './ids.ts';
import type { Call } from './runtime.ts';
import type { Account, App, ConsoleSession, Membership, Workspace, WorkspaceRole } from './state.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Route {
  readonly method: Method;
  readonly segments: readonly string[];
  run(call: Call): Promise<void>;
}

type Handler<Args extends unknown[]> = (call: Call, ...args: Args) => Promise<void> | void;

function define(method: Method, path: string, run: (call: Call) => Promise<void>): Route {
  return { method, segments: path.split('/').slice(1), run };
}

export function publicRoute(method: Method, path: string, handle: Handler<[]>): Route {
  return define(method, path, async (call) => handle(call));
}

export function consoleRoute(method: Method, path: string, handle: Handler<[Account, ConsoleSession]>): Route {
  return define(method, path, async (call) => {
    const { account, session } = authenticateConsole(call);
    await handle(call, account, session);
  });
}

export function bearerRoute(method: Method, path: string, options: { tokens: readonly TokenKind[]; edition?: 'enterprise' }, handle: Handler<[Caller]>): Route {
  return define(method, path, async (call) => {
    const absent = options.edition === 'enterprise' && call.settings.edition !== 'enterprise';
    // The fault reads the bearer first, so only a caller with a live token learns the route is absent.
    if (absent && call.faults.has('ee-surface-after-auth')) authenticate(call, ['dfoa', 'dfoe']);
    if (absent) throw new ApiError(404, WERKZEUG_NOT_FOUND);
    await handle(call, authenticate(call, options.tokens));
  });
}

/** dfoa_-only routes about the caller's own account. */
export function accountRoute(method: Method, path: string, handle: Handler<[AccountCaller]>): Route {
  return define(method, path, async (call) => handle(call, authenticateAccount(call)));
}

export interface WorkspaceAccess {
  workspace: Workspace;
  membership: Membership;
}

/**
 * Resolves a workspace id the caller must be an active member of. Absent,
 * malformed, unknown, archived and not-a-member all answer the same 404, so
 * workspace ids do not leak.
 */
function workspaceAccess(call: Call, account: Account, requested: string | null): WorkspaceAccess {
  if (requested === null && call.faults.has('apps-without-workspace-422')) {
    throw validationError([{ type: 'missing', loc: ['workspace_id'], msg: 'Field required' }]);
  }
  const workspaceId =
    requested ??
    (call.faults.has('apps-without-workspace-lists-current') ? (call.state.membershipsOf(account.id).find((m) => m.current)?.workspaceId ?? null) : null);
  // Ids compare as UUIDs, so case does not matter.
  if (workspaceId !== null && !isUuid(workspaceId) && call.faults.has('malformed-id-400')) throw new ApiError(400, 'invalid workspace id');
  const workspace = workspaceId !== null && isUuid(workspaceId) ? call.state.workspaces.get(workspaceId.toLowerCase()) : undefined;
  if (!workspace || workspace.status !== 'normal') throw new ApiError(404, WORKSPACE_NOT_FOUND);
  const membership = call.state.activeMembership(workspace.id, account.id);
  if (!membership && call.faults.has('non-member-workspace-served'))
    return { workspace, membership: { workspaceId: workspace.id, accountId: account.id, role: 'normal', current: false } };
  if (!membership) throw new ApiError(call.faults.has('non-member-403') ? 403 : 404, WORKSPACE_NOT_FOUND);
  return { workspace, membership };
}

export function workspaceRoute(
  method: Method,
  path: string,
  options: { from: 'path' | 'query'; roles?: readonly WorkspaceRole[] },
  handle: Handler<[AccountCaller, WorkspaceAccess]>,
): Route {
  return define(method, path, async (call) => {
    const caller = authenticateAccount(call);
    const id = options.from === 'path' ? (call.params.workspace_id ?? null) : call.query.get('workspace_id');
    const access = workspaceAccess(call, caller.account, id);
    if (options.roles && !options.roles.includes(access.membership.role)) {
      throw new ApiError(403, 'insufficient workspace role');
    }
    await handle(call, caller, access);
  });
}

/**
 * Routes under /apps/{app_id}: the app must exist with its API switched on;
 * an account caller must be a member of the app's workspace, and a
 * `?workspace_id=` naming another workspace is refused.
 */
export function appRoute(method: Method, path: string, options: { tokens: readonly TokenKind[] }, handle: Handler<[Caller, App]>): Route {
  return define(method, path, async (call) => {
    const caller = authenticate(call, options.tokens);
    const appId = call.params.app_id ?? '';
    if (!isUuid(appId) && call.faults.has('malformed-id-500')) throw new ApiError(500, 'badly formed hexadecimal UUID string');
    const app = isUuid(appId) ? call.state.apps.get(appId.toLowerCase()) : undefined;
    if (!app && call.faults.has('server-error-leaks-exception')) throw new ApiError(500, "'NoneType' object has no attribute 'tenant_id'");
    if (!app) throw new ApiError(404, call.faults.has('app-not-found-generic') ? WERKZEUG_NOT_FOUND : 'app not found');
    if (!app.enableApi) throw new ApiError(403, 'service_api_disabled');
    if (caller.subject.type === 'account') {
      if (!call.state.activeMembership(app.workspaceId, caller.subject.accountId) && !call.faults.has('non-member-app-served')) {
        throw new ApiError(404, WORKSPACE_NOT_FOUND);
      }
    } else if (!app.permittedExternally) {
      throw new ApiError(403, 'subject_not_allowed_for_access_mode');
    }
    const workspaceId = call.query.get('workspace_id');
    if (workspaceId !== null && workspaceId.toLowerCase() !== app.workspaceId) {
      throw new ApiError(422, "workspace_id does not match app's workspace");
    }
    await handle(call, caller, app);
  });
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function matchSegments(route: Route, segments: readonly string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const expected = route.segments[index] ?? '';
    const actual = segments[index] ?? '';
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      params[expected.slice(1)] = actual;
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

export type Resolution = { kind: 'found'; match: RouteMatch } | { kind: 'wrong-method'; allowed: Method[] } | { kind: 'unknown' };

/** First route whose path and method match; table order puts literal segments first. */
export function resolve(routes: readonly Route[], method: string, path: string): Resolution {
  let segments: string[];
  try {
    segments = path
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return { kind: 'unknown' };
  }
  const allowed: Method[] = [];
  for (const route of routes) {
    const params = matchSegments(route, segments);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', match: { route, params } };
    if (!allowed.includes(route.method)) allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'unknown' };
}
