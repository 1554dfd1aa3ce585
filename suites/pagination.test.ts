/**
 * Pagination invariants of every list operation, as generic checks: a walk
 * with a small limit returns every item exactly once, totals and has_more
 * agree with the walk, pages echo what was asked, pages past the end are
 * empty, defaults are the seed's, and order is stable.
 */
import { describe } from 'vitest';
import * as pagination from '../lib/checks/pagination-checks.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { externalToken, workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { MAX_PAGE_LIMIT, readPages, twoIdenticalCalls, walkList, type ListTarget } from '../lib/suite-kit/list-walker.ts';
import { loadSpec, pagedOperations } from '../lib/spec/spec-index.ts';

interface ListOperation {
  readonly operationId: string;
  readonly target: (t: ConformanceTestContext) => Promise<ListTarget>;
}

/** How each list is aimed: its path, its guarded query, the token it needs. */
const TARGETS: Readonly<Record<string, ListOperation['target']>> = {
  listSessions: () => Promise.resolve({ operationId: 'listSessions' }),
  listMembers: async (t) => ({ operationId: 'listMembers', path: { workspace_id: await workspaceUnderTest(t) } }),
  listApps: async (t) => ({ operationId: 'listApps', query: { workspace_id: await workspaceUnderTest(t) } }),
  listPermittedExternalApps: async (t) => ({ operationId: 'listPermittedExternalApps', auth: { token: await externalToken(t) } }),
};

/** The list operations are those openapi.yaml gives page and limit; each must be aimed above. */
const LISTS: readonly ListOperation[] = pagedOperations(loadSpec()).map(({ operationId }) => {
  const target = TARGETS[operationId];
  if (target === undefined)
    throw new Error(`suites/pagination.test.ts: openapi.yaml lists ${operationId} (page and limit), but TARGETS does not say how to aim it`);
  return { operationId, target };
});

/** The lists whose order docs/server-behavior.md §3 documents. */
const ORDERED: ReadonlySet<string> = new Set(['listSessions', 'listApps']);

/** The seed's defaults of page and limit for an operation. */
function seedDefaults(operationId: string): { page: number; limit: number } {
  const params = loadSpec().operation(operationId).parameters;
  const value = (name: string): number => Number(params.find((p) => p.name === name)?.schema['default']);
  return { page: value('page'), limit: value('limit') };
}

describe.concurrent('pagination', () => {
  for (const list of LISTS) {
    const id = list.operationId;
    conformanceTest(
      [pagination.noDuplicates, pagination.complete, pagination.totalMatches, pagination.hasMore, pagination.echoes],
      `${id}: walking the pages returns each item once, with consistent totals`,
      async (t) => {
        const walked = await walkList(t, await list.target(t));
        const last = walked.pages.at(-1)?.exchange;
        for (const check of [pagination.noDuplicates, pagination.complete, pagination.totalMatches, pagination.hasMore, pagination.echoes])
          t.verify(check, walked, last);
      },
      { operation: id },
    );

    conformanceTest(
      [pagination.pastEndEmpty],
      `${id}: a page past the end is empty`,
      async (t) => {
        const target = await list.target(t);
        const [first] = await readPages(t, target, { maxPages: 1 });
        const total = Number((first?.response.json as { total?: unknown } | undefined)?.total ?? 0);
        const page = Math.floor(total / MAX_PAGE_LIMIT) + 2;
        const exchange = await t.call(id, {
          ...(target.path === undefined ? {} : { path: target.path }),
          ...(target.auth === undefined ? {} : { auth: target.auth }),
          query: { ...(target.query ?? {}), page, limit: MAX_PAGE_LIMIT },
        });
        t.verify(pagination.pastEndEmpty, { exchange, page, limit: MAX_PAGE_LIMIT });
      },
      { operation: id },
    );

    conformanceTest(
      [pagination.defaults, pagination.stableOrder],
      `${id}: without page and limit the seed's defaults apply, in a stable order`,
      async (t) => {
        const { first, second } = await twoIdenticalCalls(t, await list.target(t));
        t.verify(pagination.defaults, { exchange: first, ...seedDefaults(id) });
        // Members and permitted external apps have no documented order (docs/server-behavior.md §3).
        if (ORDERED.has(id)) t.verify(pagination.stableOrder, { first, second }, second);
        else t.skipCheck(pagination.stableOrder, id, `${id} has no documented order`);
      },
      { operation: id },
    );
  }
});
