// Workspaces the caller belongs to (docs/server-behavior.md §9).
import { ApiError } from '../errors.ts';
import { sendJson } from '../http-io.ts';
import { accountRoute, workspaceRoute } from '../routing.ts';
import type { Route, WorkspaceAccess } from '../routing.ts';
import { isoSeconds } from '../time.ts';

function detail(access: WorkspaceAccess): Record<string, unknown> {
  return {
    id: access.workspace.id,
    name: access.workspace.name,
    role: access.membership.role,
    status: access.workspace.status,
    current: access.membership.current,
    created_at: isoSeconds(access.workspace.createdAt),
  };
}

export const workspaceRoutes: readonly Route[] = [
  // Membership order; the real ordering is UNKNOWN.
  accountRoute('GET', '/workspaces', (call, caller) => {
    const stringly = call.faults.has('workspaces-current-string');
    const workspaces = call.state.membershipsOf(caller.account.id).map((row) => {
      const workspace = call.state.workspaces.get(row.workspaceId);
      return {
        id: row.workspaceId,
        name: workspace?.name ?? '',
        role: row.role,
        status: workspace?.status ?? 'normal',
        current: stringly ? String(row.current) : row.current,
      };
    });
    sendJson(call.res, 200, { workspaces });
  }),
  workspaceRoute('GET', '/workspaces/:workspace_id', { from: 'path' }, (call, _caller, access) => {
    sendJson(call.res, 200, call.faults.has('workspace-detail-owner-role') ? { ...detail(access), role: 'owner' } : detail(access));
  }),
  workspaceRoute('POST', '/workspaces/:workspace_id/switch', { from: 'path' }, (call, caller, access) => {
    if (call.faults.has('switch-current-409') && access.membership.current) throw new ApiError(409, 'workspace is already current');
    for (const row of call.state.membershipsOf(caller.account.id)) {
      if (row === access.membership || !call.faults.has('switch-keeps-previous-current')) row.current = row === access.membership;
    }
    sendJson(call.res, 200, detail(access));
  }),
];
