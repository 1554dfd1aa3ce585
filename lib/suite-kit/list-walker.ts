/**
 * Walks every page of a list operation. Lists on a live server change while
 * they are walked (other clients, other suites of this run), so the walk is
 * bracketed by two snapshots of the whole list and repeated until both agree;
 * a list that never holds still makes the pagination checks skipped, never
 * failed.
 */
import { itemIds, type Page, type WalkInput } from '../checks/pagination-checks.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { CallOptions, ConformanceTestContext } from './conformance-test.ts';
import type { QueryValue } from './request-builder.ts';

const MAX_LIMIT = 200;
const MAX_PAGES = 100;
const ATTEMPTS = 3;

export interface ListTarget {
  readonly operationId: string;
  readonly path?: Readonly<Record<string, string>>;
  /** Query parameters every request of the walk carries (e.g. workspace_id). */
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly auth?: CallOptions['auth'];
}

function callPage(t: ConformanceTestContext, target: ListTarget, page: number, limit: number): Promise<AnsweredExchange> {
  return t.call(target.operationId, {
    ...(target.path === undefined ? {} : { path: target.path }),
    ...(target.auth === undefined ? {} : { auth: target.auth }),
    query: { ...(target.query ?? {}), page, limit },
  });
}

async function walk(t: ConformanceTestContext, target: ListTarget, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const exchange = await callPage(t, target, page, limit);
    if (exchange.response.status !== 200) return t.skip(`page ${page} of ${target.operationId} answered ${exchange.response.status}, so the list cannot be walked`);
    pages.push({ exchange, page, limit });
    const body = exchange.response.json as { has_more?: unknown; data?: unknown[] } | undefined;
    if (body?.has_more !== true || (body.data?.length ?? 0) === 0) break;
  }
  return pages;
}

/** All ids of the list, in order, read with the largest limit. */
async function snapshot(t: ConformanceTestContext, target: ListTarget): Promise<{ ids: string[]; total: number }> {
  const pages = await walk(t, target, MAX_LIMIT);
  const total = Number((pages[0]?.exchange.response.json as { total?: unknown } | undefined)?.total ?? 0);
  return { ids: pages.flatMap((p) => itemIds(p.exchange)), total };
}

/**
 * Asks for the same list twice, repeating until both answers hold the same items, so an
 * ordering check compares like with like; skips when the list never holds still.
 */
export async function twoIdenticalCalls(t: ConformanceTestContext, target: ListTarget): Promise<{ first: AnsweredExchange; second: AnsweredExchange }> {
  const options = {
    ...(target.path === undefined ? {} : { path: target.path }),
    ...(target.auth === undefined ? {} : { auth: target.auth }),
    ...(target.query === undefined ? {} : { query: target.query }),
  };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const first = await t.call(target.operationId, options);
    const second = await t.call(target.operationId, options);
    const sorted = (e: AnsweredExchange): string => [...itemIds(e)].sort().join(',');
    const total = (e: AnsweredExchange): unknown => (e.response.json as { total?: unknown } | undefined)?.total;
    if (sorted(first) === sorted(second) && total(first) === total(second)) return { first, second };
  }
  return t.skip(`${target.operationId} changed between two identical requests, ${ATTEMPTS} times in a row (another client is writing to it)`);
}

/** Walks the list with a limit that makes about five pages. */
export async function walkList(t: ConformanceTestContext, target: ListTarget): Promise<WalkInput & { readonly limit: number; readonly total: number }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const before = await snapshot(t, target);
    const total = before.total;
    if (total < 2) return t.skip(`${target.operationId} holds ${total} item(s); pagination needs at least 2`);
    const limit = Math.max(1, Math.ceil(total / 5));
    const pages = await walk(t, target, limit);
    const after = await snapshot(t, target);
    // Held still: the same list before and after, and every page saw the same total.
    const steady = before.ids.join(',') === after.ids.join(',')
      && pages.every((p) => (p.exchange.response.json as { total?: unknown } | undefined)?.total === total);
    if (steady) return { pages, wholeIds: before.ids, limit, total };
  }
  return t.skip(`${target.operationId} changed while it was walked, ${ATTEMPTS} times in a row (another client is writing to it)`);
}
