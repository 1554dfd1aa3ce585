// The list envelope shared by sessions, members, apps and permitted external
// apps (docs/server-behavior.md §3).
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

export function paginate<T>(rows: readonly T[], page: number, limit: number): Envelope<T> {
  const start = (page - 1) * limit;
  return {
    page,
    limit,
    total: rows.length,
    has_more: page * limit < rows.length,
    data: rows.slice(start, start + limit),
  };
}
