/**
 * Reads list operations page by page. A real workspace holds thousands of apps and hundreds of
 * members (docs/server-behavior.md §12.6), so nothing here assumes a whole list fits one page or
 * that the run owns its newest item, and no page asks for more than 100 items (GET /apps caps
 * `limit` at 100 on a real server, §12.4).
 *
 * The pagination walk looks at a window: the first WINDOW items read as one page, then the same
 * items read again in five smaller pages. Lists change while they are read (other clients, other
 * suites of this run), so the window is read before and after the walk and the walk repeated
 * until both reads hold the same items and total. Those two reads are compared with each other,
 * never with the small pages, so a server whose pagination is broken is judged, not excused as
 * "another client writing".
 */
import { itemIds, type Page, type WalkInput } from '../checks/pagination-checks.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { CallOptions, ConformanceTestContext } from './conformance-test.ts';
import type { QueryValue } from './request-builder.ts';

/** The largest page the suite asks for: the real GET /apps cap; the other lists allow 200. */
export const MAX_PAGE_LIMIT = 100;
/** How many items the pagination walk covers. */
const WINDOW = MAX_PAGE_LIMIT;
const WALK_PAGES = 5;
const ATTEMPTS = 3;

export interface ListTarget {
  readonly operationId: string;
  readonly path?: Readonly<Record<string, string>>;
  /** Query parameters every request carries (e.g. workspace_id, a filter). */
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

function body(exchange: AnsweredExchange): { total?: unknown; has_more?: unknown; data?: unknown[] } | undefined {
  return exchange.response.json as { total?: unknown; has_more?: unknown; data?: unknown[] } | undefined;
}

export interface ReadPagesOptions {
  readonly limit?: number;
  readonly maxPages: number;
  /** Stops at the first page for which this holds (the row looked for is on it). */
  readonly until?: (page: AnsweredExchange) => boolean;
}

/**
 * Reads pages from the first on, until the list ends, `until` holds, or `maxPages` were read;
 * skips the test when a page is refused.
 */
export async function readPages(t: ConformanceTestContext, target: ListTarget, options: ReadPagesOptions): Promise<AnsweredExchange[]> {
  const limit = options.limit ?? MAX_PAGE_LIMIT;
  const pages: AnsweredExchange[] = [];
  for (let page = 1; page <= options.maxPages; page++) {
    const exchange = await callPage(t, target, page, limit);
    if (exchange.response.status !== 200)
      return t.skip(`page ${page} of ${target.operationId} answered ${exchange.response.status}, so the list cannot be read`);
    pages.push(exchange);
    if (options.until?.(exchange) === true) break;
    const envelope = body(exchange);
    if (envelope?.has_more !== true || (envelope.data?.length ?? 0) === 0) break;
  }
  return pages;
}

/** The rows of every page read. */
export function rowsOf<Row>(pages: readonly AnsweredExchange[]): Row[] {
  return pages.flatMap((p) => (Array.isArray(body(p)?.data) ? (body(p)?.data as Row[]) : []));
}

/**
 * Asks for the same list twice, repeating until both answers hold the same items and total, so an
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
    if (sameItems(first, second)) return { first, second };
  }
  return t.skip(`${target.operationId} changed between two identical requests, ${ATTEMPTS} times in a row (another client is writing to it)`);
}

/** The same items (in any order) and the same total: the list held still between the two reads. */
function sameItems(a: AnsweredExchange, b: AnsweredExchange): boolean {
  const sorted = (e: AnsweredExchange): string => [...itemIds(e)].sort().join(',');
  return sorted(a) === sorted(b) && body(a)?.total === body(b)?.total;
}

/** Walks the window of the list in five pages, between two reads of the whole window. */
export async function walkList(t: ConformanceTestContext, target: ListTarget): Promise<WalkInput & { readonly limit: number; readonly total: number }> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const before = await callPage(t, target, 1, WINDOW);
    if (before.response.status !== 200) return t.skip(`${target.operationId} answered ${before.response.status}, so it cannot be walked`);
    const total = Number(body(before)?.total ?? 0);
    if (total < 2) return t.skip(`${target.operationId} holds ${total} item(s); pagination needs at least 2`);
    const covered = Math.min(total, WINDOW);
    const limit = Math.max(1, Math.ceil(covered / WALK_PAGES));
    const pages: Page[] = [];
    for (let page = 1; (page - 1) * limit < covered; page++) {
      const exchange = await callPage(t, target, page, limit);
      if (exchange.response.status !== 200)
        return t.skip(`page ${page} of ${target.operationId} answered ${exchange.response.status}, so the list cannot be walked`);
      pages.push({ exchange, page, limit });
    }
    const after = await callPage(t, target, 1, WINDOW);
    if (sameItems(before, after)) {
      // The window's ids in order: the whole list when it fits the window, else its first WINDOW items.
      const windowIds = itemIds(before).slice(0, covered);
      return { pages, windowIds, wholeList: total <= WINDOW, limit, total };
    }
  }
  return t.skip(`${target.operationId} changed while it was walked, ${ATTEMPTS} times in a row (another client is writing to it)`);
}
