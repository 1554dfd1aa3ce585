// The list envelope shared by sessions, members, apps and permitted external
// apps (docs/server-behavior.md §3).
import type { FaultSwitches } from './faults.ts';
import type { QueryField } from './validation.ts';

type IntField = Extract<QueryField, { kind: 'int' }>;

export const MAX_PAGE_LIMIT = 200;

export function pageFields(defaultLimit: number): { page: IntField; limit: IntField } {
  return {
    page: { kind: 'int', default: 1, ge: 1 },
    limit: { kind: 'int', default: defaultLimit, ge: 1, le: MAX_PAGE_LIMIT },
  };
}

export interface Envelope<T> {
  page: number;
  limit: number;
  total: number;
  has_more: boolean;
  data: T[];
}

/** Random order, as a query without ORDER BY may give. */
export function shuffled<T>(rows: readonly T[]): T[] {
  const out = [...rows];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

/**
 * One page of `rows`. Only the member list passes its `faults`, so the
 * `members-*` pagination faults deviate there and nowhere else.
 */
export function paginate<T>(rows: readonly T[], page: number, limit: number, faults?: FaultSwitches): Envelope<T> {
  const total = faults?.has('members-total-off-by-one') ? rows.length + 1 : rows.length;
  let start = (page - 1) * limit;
  if (faults?.has('members-past-end-repeats-last-page') && start >= rows.length && rows.length > 0) {
    start = Math.floor((rows.length - 1) / limit) * limit;
  }
  let end = start + limit;
  if (faults?.has('members-pages-overlap')) end += 1;
  if (faults?.has('members-pages-drop-last-item')) end -= 1;
  const data = rows.slice(start, end);
  const echoed = faults?.has('members-page-limit-not-echoed') ? { page: 1, limit: 20 } : { page, limit };
  return {
    ...echoed,
    total,
    has_more: faults?.has('members-has-more-on-last-page') ? data.length > 0 : page * limit < total,
    data,
  };
}
