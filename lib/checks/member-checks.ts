/** Members of a workspace: the list, invites, role changes and removals (docs/server-behavior.md §9). */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

interface MemberRow {
  id?: unknown;
  email?: unknown;
  role?: unknown;
  status?: unknown;
}

function memberRows(page: AnsweredExchange): MemberRow[] {
  const data = (page.response.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as MemberRow[]) : [];
}

export interface InviteInput {
  readonly invite: AnsweredExchange;
  readonly email: string;
  readonly role: string;
  /** The workspace of the path. */
  readonly workspaceId: string;
}

export const inviteAnswers = defineCheck<InviteInput>(
  {
    id: 'members.invite',
    area: 'members',
    statement: 'Inviting a new address answers 201 with its member_id, an invite_url, the email and role invited, and the workspace invited to as tenant_id.',
    basis: [seed('#/components/schemas/MemberInviteResponse', 'tenant_id: the workspace of the path'), server('§9')],
  },
  ({ invite, email, role, workspaceId }) => {
    const b = (invite.response.json ?? {}) as Record<string, unknown>;
    const out: Violation[] = [];
    if (invite.response.status !== 201)
      out.push({ message: `the invite answered ${invite.response.status}`, expected: '201', observed: invite.response.bodyText.slice(0, 200) });
    else {
      if (typeof b['member_id'] !== 'string' || b['member_id'] === '')
        out.push({ message: 'the invite gave no member_id', expected: 'a member id', observed: JSON.stringify(b['member_id'] ?? null) });
      if (typeof b['invite_url'] !== 'string' || b['invite_url'] === '')
        out.push({ message: 'the invite gave no invite_url', expected: 'a URL', observed: JSON.stringify(b['invite_url'] ?? null) });
      if (String(b['email']).toLowerCase() !== email.toLowerCase() || b['role'] !== role)
        out.push({
          message: 'the invite answer names another email or role',
          expected: `${email} as ${role}`,
          observed: `${String(b['email'])} as ${String(b['role'])}`,
        });
      if (b['tenant_id'] !== workspaceId)
        out.push({
          message: 'the invite answer names another workspace as tenant_id',
          expected: workspaceId,
          observed: JSON.stringify(b['tenant_id'] ?? null),
        });
    }
    return out;
  },
);

export const inviteUrlShape = defineCheck<AnsweredExchange>(
  {
    id: 'members.invite-url-shape',
    area: 'members',
    statement: "The invite_url of an invite is an absolute URL of the console's /activate page that carries the email and a token.",
    basis: [server('§9', 'invite_url: <CONSOLE_WEB_URL>/activate?email=<urlencoded>&token=<uuid>')],
  },
  (invite) => {
    const raw = (invite.response.json as { invite_url?: unknown } | undefined)?.invite_url;
    if (invite.response.status !== 201 || typeof raw !== 'string' || raw === '') return [];
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (
      url !== undefined &&
      /^https?:$/.test(url.protocol) &&
      url.pathname.endsWith('/activate') &&
      url.searchParams.get('email') &&
      url.searchParams.get('token')
    )
      return [];
    return [
      {
        message: 'the invite_url is not an absolute /activate URL with email and token',
        expected: '<console>/activate?email=…&token=…',
        observed: raw.replace(/token=[^&]+/, 'token=…').slice(0, 200),
      },
    ];
  },
);

export interface InvitedEmailInput {
  readonly invite: AnsweredExchange;
  /** The pages of the member list read after the invite. */
  readonly pages: readonly AnsweredExchange[];
  readonly memberId: string;
  /** The address as invited, in mixed case. */
  readonly email: string;
}

export const inviteLowercasesEmail = defineCheck<InvitedEmailInput>(
  {
    id: 'members.invite-lowercases-email',
    area: 'members',
    statement: 'An address invited in mixed case is stored lower-cased: the invite answer and the member list show it so.',
    basis: [server('§9', 'the invited email is lower-cased')],
  },
  ({ invite, pages, memberId, email }) => {
    const lower = email.toLowerCase();
    const out: Violation[] = [];
    const answered = (invite.response.json as { email?: unknown } | undefined)?.email;
    if (invite.response.status === 201 && answered !== lower)
      out.push({ message: 'the invite answer does not show the address lower-cased', expected: lower, observed: String(answered), evidence: invite });
    const page = pages.find((p) => memberRows(p).some((r) => r.id === memberId));
    const row = page === undefined ? undefined : memberRows(page).find((r) => r.id === memberId);
    if (row !== undefined && row.email !== lower)
      out.push({
        message: 'the member list does not show the invited address lower-cased',
        expected: lower,
        observed: String(row.email),
        ...(page === undefined ? {} : { evidence: page }),
      });
    return out;
  },
);

export interface InviteeInput {
  readonly pages: readonly AnsweredExchange[];
  readonly memberId: string;
}

export const inviteePending = defineCheck<InviteeInput>(
  {
    id: 'members.invitee-pending',
    area: 'members',
    statement: 'A member just invited with a new address is listed with status pending until the invitation is accepted.',
    basis: [server('§9', 'status is the account status; a new address becomes a pending account')],
  },
  ({ pages, memberId }) => {
    const page = pages.find((p) => memberRows(p).some((r) => r.id === memberId));
    const row = page === undefined ? undefined : memberRows(page).find((r) => r.id === memberId);
    // A member that is not listed is members.list-reflects-changes's to report.
    if (row === undefined || row.status === 'pending') return [];
    return [
      {
        message: `the fresh invitee ${memberId} is listed with status ${JSON.stringify(row.status)}`,
        expected: 'pending',
        observed: JSON.stringify(row.status),
        ...(page === undefined ? {} : { evidence: page }),
      },
    ];
  },
);

export interface ListedInput {
  /** The pages of the member list read, up to the one holding the member, or all of them. */
  readonly pages: readonly AnsweredExchange[];
  readonly memberId: string;
  /** The role the member should have, or undefined when it should be gone. */
  readonly role: string | undefined;
}

export const memberListed = defineCheck<ListedInput>(
  {
    id: 'members.list-reflects-changes',
    area: 'members',
    statement: 'After an invite, a role update or a removal, the member list shows the member with its new role, or no longer shows it.',
    basis: [seed('#/components/schemas/MemberResponse/properties/role', 'the member list after an invite, a role update or a removal'), server('§9')],
  },
  ({ pages, memberId, role }) => {
    const page = pages.find((p) => memberRows(p).some((r) => r.id === memberId));
    const row = page === undefined ? undefined : memberRows(page).find((r) => r.id === memberId);
    if (role === undefined)
      return row === undefined
        ? []
        : [
            {
              message: `removed member ${memberId} is still listed`,
              expected: 'not listed',
              observed: JSON.stringify(row),
              ...(page === undefined ? {} : { evidence: page }),
            },
          ];
    if (row !== undefined && row.role === role) return [];
    const evidence = page ?? pages.at(-1);
    return [
      {
        message: row === undefined ? `member ${memberId} is not listed` : `member ${memberId} is listed as ${String(row.role)}`,
        expected: `listed as ${role}`,
        observed: row === undefined ? `absent from ${pages.length} page(s)` : String(row.role),
        ...(evidence === undefined ? {} : { evidence }),
      },
    ];
  },
);

export const memberActionSucceeds = defineCheck<AnsweredExchange>(
  {
    id: 'members.action-succeeds',
    area: 'members',
    statement: 'Updating the role of, or removing, a member the caller may manage answers 200.',
    basis: [seed('#/components/schemas/MemberActionResponse')],
  },
  (exchange) => {
    if (exchange.response.status === 200) return [];
    return [
      {
        message: `the member action answered ${exchange.response.status}`,
        expected: '200 {"result": "success"}',
        observed: exchange.response.bodyText.slice(0, 200),
      },
    ];
  },
);
