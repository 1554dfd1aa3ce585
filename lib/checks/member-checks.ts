/** Workspaces and members (docs/server-behavior.md §9). */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { security, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface DetailListInput {
  readonly detail: AnsweredExchange;
  readonly row: Readonly<Record<string, unknown>>;
}

export const detailMatchesList = defineCheck<DetailListInput>({
  id: 'workspaces.detail-matches-list',
  area: 'workspaces',
  statement: 'GET /workspaces/{id} agrees with the workspace\'s row in GET /workspaces on id, name, role and status.',
  basis: [seed('#/components/schemas/WorkspaceDetailResponse', 'the same workspace as its #/components/schemas/WorkspaceSummaryResponse row')],
}, ({ detail, row }) => {
  if (detail.response.status !== 200) return [];
  const body = (detail.response.json ?? {}) as Record<string, unknown>;
  const out: Violation[] = [];
  for (const field of ['id', 'name', 'role', 'status']) {
    if (body[field] !== row[field]) out.push({ message: `detail and list disagree on ${field}`, expected: JSON.stringify(row[field]), observed: JSON.stringify(body[field]) });
  }
  return out;
});

export interface SwitchInput {
  readonly switched: AnsweredExchange;
  /** GET /workspaces right after the switch. */
  readonly list: AnsweredExchange;
  readonly target: string;
}

export const switchMovesCurrent = defineCheck<SwitchInput>({
  id: 'workspaces.switch-moves-current',
  area: 'workspaces',
  statement: 'Switching to a workspace answers it with current true, and GET /workspaces then marks it, and only it, as current.',
  basis: [seed('#/components/schemas/WorkspaceDetailResponse/properties/current'), server('§9', 'switching sets current on that workspace and clears the others')],
}, ({ switched, list, target }) => {
  const out: Violation[] = [];
  const body = (switched.response.json ?? {}) as { id?: unknown; current?: unknown };
  if (switched.response.status !== 200 || body.id !== target || body.current !== true) out.push({ message: 'the switch answer is not the target with current true', expected: `id ${target}, current true`, observed: switched.response.bodyText.slice(0, 200) });
  const rows = ((list.response.json as { workspaces?: { id?: unknown; current?: unknown }[] } | undefined)?.workspaces ?? []);
  const current = rows.filter((w) => w.current === true).map((w) => String(w.id));
  if (current.length !== 1 || current[0] !== target) out.push({ message: 'after the switch GET /workspaces marks other workspaces as current', expected: `only ${target}`, observed: current.join(', ') || '(none)' });
  return out;
});

interface MemberRow { id?: unknown; email?: unknown; role?: unknown }

function memberRows(page: AnsweredExchange): MemberRow[] {
  const data = (page.response.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as MemberRow[]) : [];
}

export interface InviteInput {
  readonly invite: AnsweredExchange;
  readonly email: string;
  readonly role: string;
}

export const inviteAnswers = defineCheck<InviteInput>({
  id: 'members.invite',
  area: 'members',
  statement: 'Inviting a new address answers 201 with its member_id, an invite_url, and the email and role invited.',
  basis: [seed('#/components/schemas/MemberInviteResponse'), server('§9')],
}, ({ invite, email, role }) => {
  const b = (invite.response.json ?? {}) as Record<string, unknown>;
  const out: Violation[] = [];
  if (invite.response.status !== 201) out.push({ message: `the invite answered ${invite.response.status}`, expected: '201', observed: invite.response.bodyText.slice(0, 200) });
  else {
    if (typeof b['member_id'] !== 'string' || b['member_id'] === '') out.push({ message: 'the invite gave no member_id', expected: 'a member id', observed: JSON.stringify(b['member_id'] ?? null) });
    if (typeof b['invite_url'] !== 'string' || b['invite_url'] === '') out.push({ message: 'the invite gave no invite_url', expected: 'a URL', observed: JSON.stringify(b['invite_url'] ?? null) });
    if (String(b['email']).toLowerCase() !== email.toLowerCase() || b['role'] !== role) out.push({ message: 'the invite answer names another email or role', expected: `${email} as ${role}`, observed: `${String(b['email'])} as ${String(b['role'])}` });
  }
  return out;
});

export interface ListedInput {
  /** The pages of the member list read, up to the one holding the member, or all of them. */
  readonly pages: readonly AnsweredExchange[];
  readonly memberId: string;
  /** The role the member should have, or undefined when it should be gone. */
  readonly role: string | undefined;
}

export const memberListed = defineCheck<ListedInput>({
  id: 'members.list-reflects-changes',
  area: 'members',
  statement: 'After an invite, a role update or a removal, the member list shows the member with its new role, or no longer shows it.',
  basis: [seed('#/components/schemas/MemberResponse/properties/role', 'the member list after an invite, a role update or a removal'), server('§9')],
}, ({ pages, memberId, role }) => {
  const page = pages.find((p) => memberRows(p).some((r) => r.id === memberId));
  const row = page === undefined ? undefined : memberRows(page).find((r) => r.id === memberId);
  if (role === undefined) return row === undefined ? [] : [{ message: `removed member ${memberId} is still listed`, expected: 'not listed', observed: JSON.stringify(row), ...(page === undefined ? {} : { evidence: page }) }];
  if (row !== undefined && row.role === role) return [];
  const evidence = page ?? pages.at(-1);
  return [{ message: row === undefined ? `member ${memberId} is not listed` : `member ${memberId} is listed as ${String(row.role)}`, expected: `listed as ${role}`, observed: row === undefined ? `absent from ${pages.length} page(s)` : String(row.role), ...(evidence === undefined ? {} : { evidence }) }];
});

export const memberActionSucceeds = defineCheck<AnsweredExchange>({
  id: 'members.action-succeeds',
  area: 'members',
  statement: 'Updating the role of, or removing, a member the caller may manage answers 200.',
  basis: [seed('#/components/schemas/MemberActionResponse')],
}, (exchange) => {
  if (exchange.response.status === 200) return [];
  return [{ message: `the member action answered ${exchange.response.status}`, expected: '200 {"result": "success"}', observed: exchange.response.bodyText.slice(0, 200) }];
});

export const nonMemberRefused = defineCheck<AnsweredExchange>({
  id: 'workspaces.non-member-refused',
  area: 'workspaces',
  statement: 'A request about a workspace the caller is not a member of, or about an app of it, is refused (401, 403 or 404), never served.',
  basis: [security('a workspace is readable only by its members'), server('§1.5', 'step 8: a non-member is answered 404 workspace not found'), server('§9')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 401 || status === 403 || status === 404) return [];
  return [{ message: `a request about a workspace the caller is not a member of was answered ${status}`, expected: '401, 403 or 404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const nonMember404 = defineCheck<AnsweredExchange>({
  id: 'workspaces.non-member-404',
  area: 'workspaces',
  statement: 'A request about a workspace the caller is not a member of, or about an app of it, is answered 404 "workspace not found", exactly as for a workspace that does not exist, so workspace ids do not leak.',
  basis: [server('§1.5', 'non-member → 404 workspace not found (404, not 403, on purpose)'), server('§9')],
}, (exchange) => {
  const { status, json, bodyText } = exchange.response;
  const message = (json as { message?: unknown } | null | undefined)?.message;
  if (status === 404 && typeof message === 'string' && /workspace not found/i.test(message)) return [];
  return [{ message: `a request about a workspace the caller is not a member of was answered ${status}`, expected: '404 "workspace not found"', observed: `${status} ${bodyText.slice(0, 200)}` }];
});
