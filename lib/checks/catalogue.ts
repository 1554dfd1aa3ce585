/**
 * Every check of the suite, in one list: the source of `list-checks`,
 * docs/checks.md and the check metadata in every report.
 */
import type { CheckDefinition } from './check.ts';
import * as account from './account-checks.ts';
import * as apps from './apps-checks.ts';
import * as auth from './auth-checks.ts';
import * as device from './device-flow-checks.ts';
import * as errors from './error-checks.ts';
import * as files from './files-checks.ts';
import * as forms from './form-checks.ts';
import * as imports from './imports-checks.ts';
import * as members from './member-checks.ts';
import * as workspaces from './workspaces-checks.ts';
import * as pagination from './pagination-checks.ts';
import * as routing from './routing-checks.ts';
import * as runs from './run-checks.ts';
import * as security from './security-checks.ts';
import * as sessions from './session-checks.ts';
import * as sse from './sse-checks.ts';
import * as tasks from './tasks-checks.ts';
import * as meta from './meta-checks.ts';
import * as response from './response-checks.ts';
import * as validation from './validation-checks.ts';

function collect(...modules: readonly Record<string, unknown>[]): CheckDefinition[] {
  const out: CheckDefinition[] = [];
  for (const module of modules) {
    for (const value of Object.values(module)) {
      if (isCheck(value)) out.push(value);
    }
  }
  return out;
}

function isCheck(value: unknown): value is CheckDefinition {
  return typeof value === 'object' && value !== null && 'id' in value && 'level' in value && 'statement' in value && 'evaluate' in value;
}

export const CHECKS: readonly CheckDefinition[] = collect(
  response,
  errors,
  routing,
  meta,
  auth,
  security,
  account,
  apps,
  files,
  tasks,
  imports,
  device,
  sessions,
  sse,
  runs,
  pagination,
  members,
  workspaces,
  forms,
  validation,
);

const byId = new Map<string, CheckDefinition>();
for (const check of CHECKS) {
  if (byId.has(check.id)) throw new Error(`two checks share the id ${check.id}`);
  byId.set(check.id, check);
}

export function findCheck(id: string): CheckDefinition | undefined {
  return byId.get(id);
}
