/**
 * GET /account: who a token acts as, and the workspace it works in by default
 * (docs/server-behavior.md §5).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, server } from './basis.ts';
import { defineCheck } from './check.ts';

interface AccountBody {
  readonly subject_type?: unknown;
  readonly subject_email?: unknown;
  readonly subject_issuer?: unknown;
  readonly account?: { readonly email?: unknown } | null;
  readonly workspaces?: readonly { readonly id?: unknown }[] | null;
  readonly default_workspace_id?: unknown;
}

export const defaultWorkspace = defineCheck<AnsweredExchange>(
  {
    id: 'account.default-workspace',
    area: 'account',
    statement:
      'The default_workspace_id of an account (GET /account, or the device-flow token payload) is null or one of the workspaces the same answer lists for it (judged when the answer lists them).',
    basis: [
      client('§2', "the CLI keeps default_workspace_id as the session's workspace and works in it"),
      server('§5', 'default = the membership flagged current, else the first'),
    ],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const body = (exchange.response.json ?? {}) as AccountBody;
    const chosen = body.default_workspace_id;
    if (chosen === null || chosen === undefined) return [];
    // Without the list (an optional field left out) there is nothing to compare with.
    if (!Array.isArray(body.workspaces)) return [];
    const ids = body.workspaces.map((w) => w.id);
    if (ids.includes(chosen)) return [];
    return [
      { message: "default_workspace_id is not one of the account's workspaces", expected: `one of ${JSON.stringify(ids)}`, observed: JSON.stringify(chosen) },
    ];
  },
);

export const subjectIsAccount = defineCheck<AnsweredExchange>(
  {
    id: 'account.subject-is-account',
    area: 'account',
    statement: 'GET /account with an account (dfoa_) token names subject_type "account", no subject_issuer, and subject_email equal to account.email.',
    basis: [server('§5', '{"subject_type": "account", "subject_email", "subject_issuer": null, "account": {…}}')],
  },
  (exchange) => {
    if (exchange.response.status !== 200) return [];
    const body = (exchange.response.json ?? {}) as AccountBody;
    const out: Violation[] = [];
    if (body.subject_type !== 'account')
      out.push({
        message: 'an account token is not described as an account subject',
        expected: 'subject_type "account"',
        observed: JSON.stringify(body.subject_type ?? null),
      });
    if (body.subject_issuer !== null && body.subject_issuer !== undefined)
      out.push({ message: 'an account subject names an issuer', expected: 'subject_issuer null', observed: JSON.stringify(body.subject_issuer) });
    const email = body.account?.email;
    if (body.subject_email !== email)
      out.push({
        message: "subject_email is not the account's e-mail",
        expected: JSON.stringify(email ?? null),
        observed: JSON.stringify(body.subject_email ?? null),
      });
    return out;
  },
);
