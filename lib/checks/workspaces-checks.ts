/** The caller's workspaces: detail and switch (docs/server-behavior.md §9). */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { security, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface DetailListInput {
  readonly detail: AnsweredExchange;
  readonly row: Readonly<Record<string, unknown>>;
}

export const detailMatchesList = defineCheck<DetailListInput>(
  {
    id: 'workspaces.detail-matches-list',
    area: 'workspaces',
    statement: "GET /workspaces/{id} agrees with the workspace's row in GET /workspaces on id, name, role and status.",
    basis: [seed('#/components/schemas/WorkspaceDetailResponse', 'the same workspace as its #/components/schemas/WorkspaceSummaryResponse row')],
  },
  ({ detail, row }) => {
    if (detail.response.status !== 200) return [];
    const body = (detail.response.json ?? {}) as Record<string, unknown>;
    const out: Violation[] = [];
    for (const field of ['id', 'name', 'role', 'status']) {
      if (body[field] !== row[field])
        out.push({ message: `detail and list disagree on ${field}`, expected: JSON.stringify(row[field]), observed: JSON.stringify(body[field]) });
    }
    return out;
  },
);

export interface SwitchInput {
  readonly switched: AnsweredExchange;
  /** GET /workspaces right after the switch. */
  readonly list: AnsweredExchange;
  readonly target: string;
}

export const switchMovesCurrent = defineCheck<SwitchInput>(
  {
    id: 'workspaces.switch-moves-current',
    area: 'workspaces',
    statement: 'Switching to a workspace answers it with current true, and GET /workspaces then marks it, and only it, as current.',
    basis: [
      seed('#/components/schemas/WorkspaceDetailResponse/properties/current'),
      server('§9', 'switching sets current on that workspace and clears the others'),
    ],
  },
  ({ switched, list, target }) => {
    const out: Violation[] = [];
    const body = (switched.response.json ?? {}) as { id?: unknown; current?: unknown };
    if (switched.response.status !== 200 || body.id !== target || body.current !== true)
      out.push({
        message: 'the switch answer is not the target with current true',
        expected: `id ${target}, current true`,
        observed: switched.response.bodyText.slice(0, 200),
      });
    const rows = (list.response.json as { workspaces?: { id?: unknown; current?: unknown }[] } | undefined)?.workspaces ?? [];
    const current = rows.filter((w) => w.current === true).map((w) => String(w.id));
    if (current.length !== 1 || current[0] !== target)
      out.push({
        message: 'after the switch GET /workspaces marks other workspaces as current',
        expected: `only ${target}`,
        observed: current.join(', ') || '(none)',
      });
    return out;
  },
);

export const nonMemberRefused = defineCheck<AnsweredExchange>(
  {
    id: 'workspaces.non-member-refused',
    area: 'workspaces',
    statement: 'A request about a workspace the caller is not a member of, or about an app of it, is refused (401, 403 or 404), never served.',
    basis: [security('a workspace is readable only by its members'), server('§1.5', 'step 8: a non-member is answered 404 workspace not found'), server('§9')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 401 || status === 403 || status === 404) return [];
    return [
      {
        message: `a request about a workspace the caller is not a member of was answered ${status}`,
        expected: '401, 403 or 404',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const nonMember404 = defineCheck<AnsweredExchange>(
  {
    id: 'workspaces.non-member-404',
    area: 'workspaces',
    statement:
      'A request about a workspace the caller is not a member of, or about an app of it, is answered 404 "workspace not found", exactly as for a workspace that does not exist, so workspace ids do not leak.',
    basis: [server('§1.5', 'non-member → 404 workspace not found (404, not 403, on purpose)'), server('§9')],
  },
  (exchange) => {
    const { status, json, bodyText } = exchange.response;
    const message = (json as { message?: unknown } | null | undefined)?.message;
    if (status === 404 && typeof message === 'string' && /workspace not found/i.test(message)) return [];
    return [
      {
        message: `a request about a workspace the caller is not a member of was answered ${status}`,
        expected: '404 "workspace not found"',
        observed: `${status} ${bodyText.slice(0, 200)}`,
      },
    ];
  },
);
