/**
 * Page-number pagination of the list operations (sessions, members, apps,
 * permitted external apps), as generic checks over the pages of one walk
 * (seed: the *ListResponse envelopes; docs/server-behavior.md §3).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface Page {
  readonly exchange: AnsweredExchange;
  readonly page: number;
  readonly limit: number;
}

export interface WalkInput {
  /** The pages walked with a small limit, in order, covering the window. */
  readonly pages: readonly Page[];
  /** The ids of the window (the first items of the list, or all of it), read as one larger page. */
  readonly windowIds: readonly string[];
  /** Whether the window is the whole list (the walk reached its end). */
  readonly wholeList: boolean;
}

interface Envelope {
  page?: unknown;
  limit?: unknown;
  total?: unknown;
  has_more?: unknown;
  data?: unknown;
}

function envelope(exchange: AnsweredExchange): Envelope {
  return (exchange.response.json ?? {}) as Envelope;
}

export function itemIds(exchange: AnsweredExchange): string[] {
  const data = envelope(exchange).data;
  return Array.isArray(data) ? data.map((row) => String((row as { id?: unknown }).id)) : [];
}

export const noDuplicates = defineCheck<WalkInput>(
  {
    id: 'pagination.no-duplicates',
    area: 'pagination',
    statement: 'Walking all pages of a list returns no item twice.',
    basis: [seed('#/components/schemas/AppListResponse', 'and the other page envelopes'), client('§5', 'the CLI walks pages until has_more is false')],
  },
  ({ pages }) => {
    const seen = new Map<string, number>();
    for (const p of pages) {
      for (const id of itemIds(p.exchange)) {
        const first = seen.get(id);
        if (first !== undefined)
          return [
            {
              message: `item ${id} is on page ${first} and again on page ${p.page}`,
              expected: 'each item on one page',
              observed: `pages ${first} and ${p.page}`,
              evidence: p.exchange,
            },
          ];
        seen.set(id, p.page);
      }
    }
    return [];
  },
);

export const complete = defineCheck<WalkInput>(
  {
    id: 'pagination.complete',
    area: 'pagination',
    statement: 'Walking pages with a small limit returns every item that one larger page covering the same range holds, and nothing else.',
    basis: [
      seed('#/components/schemas/AppListResponse', 'and the other page envelopes'),
      client('§5', 'the CLI walks pages until has_more is false, and finds a session on any page'),
      server('§3'),
    ],
  },
  ({ pages, windowIds }) => {
    const walked = new Set(pages.flatMap((p) => itemIds(p.exchange)));
    const all = new Set(windowIds);
    const missing = [...all].filter((id) => !walked.has(id));
    const extra = [...walked].filter((id) => !all.has(id));
    if (missing.length === 0 && extra.length === 0) return [];
    return [
      {
        message: `the walk ${missing.length > 0 ? `missed ${missing.length} item(s)` : ''}${missing.length > 0 && extra.length > 0 ? ' and ' : ''}${extra.length > 0 ? `found ${extra.length} item(s) the whole list lacks` : ''}`,
        expected: `${all.size} items`,
        observed: `missing ${missing.slice(0, 3).join(', ')}${extra.length > 0 ? `; extra ${extra.slice(0, 3).join(', ')}` : ''}`,
      },
    ];
  },
);

export const totalMatches = defineCheck<WalkInput>(
  {
    id: 'pagination.total-matches',
    area: 'pagination',
    statement: '`total` is the same on every page and equals the number of items, counted over all pages when the walk reached the end of the list.',
    basis: [seed('#/components/schemas/MemberListResponse/properties/total'), client('§5', 'get app --all-workspaces sums total'), server('§3')],
  },
  ({ pages, wholeList }) => {
    const first = pages[0];
    const differing = pages.find((p) => envelope(p.exchange).total !== envelope(first?.exchange ?? p.exchange).total);
    if (differing !== undefined) {
      return [
        {
          message: `page ${differing.page} says total ${String(envelope(differing.exchange).total)}, page ${first?.page ?? 1} says ${String(first === undefined ? '' : envelope(first.exchange).total)}`,
          expected: 'one total',
          observed: pages.map((p) => String(envelope(p.exchange).total)).join(', '),
          evidence: differing.exchange,
        },
      ];
    }
    const total = first === undefined ? undefined : envelope(first.exchange).total;
    const walked = pages.reduce((n, p) => n + itemIds(p.exchange).length, 0);
    if (wholeList ? total === walked : typeof total === 'number' && total >= walked) return [];
    const last = pages.at(-1);
    return [
      {
        message: `total says ${String(total)} but the pages hold ${walked} items${wholeList ? '' : ' (of its first pages)'}`,
        expected: wholeList ? String(walked) : `at least ${walked}`,
        observed: String(total),
        ...(last === undefined ? {} : { evidence: last.exchange }),
      },
    ];
  },
);

export const hasMore = defineCheck<WalkInput>(
  {
    id: 'pagination.has-more',
    area: 'pagination',
    statement: '`has_more` is true exactly when page × limit < total.',
    basis: [
      seed('#/components/schemas/AppListResponse/properties/has_more'),
      client('§5', 'the page loop stops when has_more is false'),
      server('§3', 'has_more = page × limit < total'),
    ],
  },
  ({ pages }) => {
    for (const p of pages) {
      const e = envelope(p.exchange);
      if (typeof e.total !== 'number') continue;
      const expected = p.page * p.limit < e.total;
      if (e.has_more !== expected)
        return [
          {
            message: `page ${p.page} (limit ${p.limit}, total ${e.total}) says has_more ${String(e.has_more)}`,
            expected: String(expected),
            observed: String(e.has_more),
            evidence: p.exchange,
          },
        ];
    }
    return [];
  },
);

export const echoes = defineCheck<WalkInput>(
  {
    id: 'pagination.echo',
    area: 'pagination',
    statement: 'Every page echoes the page and limit it was asked for.',
    basis: [seed('#/components/schemas/SessionListResponse/properties/page', 'and limit, of this page'), server('§3')],
  },
  ({ pages }) => {
    for (const p of pages) {
      const e = envelope(p.exchange);
      if (e.page !== p.page || e.limit !== p.limit)
        return [
          {
            message: `asked for page ${p.page} limit ${p.limit}, got page ${String(e.page)} limit ${String(e.limit)}`,
            expected: `page ${p.page}, limit ${p.limit}`,
            observed: `page ${String(e.page)}, limit ${String(e.limit)}`,
            evidence: p.exchange,
          },
        ];
    }
    return [];
  },
);

export const pastEndEmpty = defineCheck<Page>(
  {
    id: 'pagination.past-end-empty',
    area: 'pagination',
    statement: 'A page past the end is empty, with has_more false and the page and limit that were asked for.',
    basis: [server('§3', 'pages past the end return data [] with page and limit echoed')],
  },
  ({ exchange, page, limit }) => {
    const e = envelope(exchange);
    if (exchange.response.status === 200 && Array.isArray(e.data) && e.data.length === 0 && e.has_more === false && e.page === page && e.limit === limit)
      return [];
    return [
      {
        message: 'a page past the end is not an empty page echoing what was asked',
        expected: `data [], has_more false, page ${page}, limit ${limit}`,
        observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export interface DefaultsInput {
  readonly exchange: AnsweredExchange;
  readonly page: number;
  readonly limit: number;
}

export const defaults = defineCheck<DefaultsInput>(
  {
    id: 'pagination.defaults',
    area: 'pagination',
    statement: "A list asked for without page and limit answers the seed's default page and limit.",
    basis: [seed('#/paths/~1account~1sessions/get/parameters', 'the default of page and limit of each list operation')],
  },
  ({ exchange, page, limit }) => {
    const e = envelope(exchange);
    const out: Violation[] = [];
    if (e.page !== page || e.limit !== limit)
      out.push({
        message: `without page and limit the list answered page ${String(e.page)} limit ${String(e.limit)}`,
        expected: `page ${page}, limit ${limit}`,
        observed: `page ${String(e.page)}, limit ${String(e.limit)}`,
      });
    return out;
  },
);

export interface OrderInput {
  readonly first: AnsweredExchange;
  readonly second: AnsweredExchange;
}

export const stableOrder = defineCheck<OrderInput>(
  {
    id: 'pagination.stable-order',
    area: 'pagination',
    statement: 'Two identical requests to a list with a documented order (sessions, apps) return the same items in the same order.',
    basis: [
      server('§3', 'sessions are ordered by created_at, apps by updated_at, both descending; members and permitted external apps have no documented order'),
    ],
  },
  ({ first, second }) => {
    const a = itemIds(first).join(',');
    const b = itemIds(second).join(',');
    if (a === b) return [];
    const sameItems = [...itemIds(first)].sort().join(',') === [...itemIds(second)].sort().join(',');
    return [
      {
        message: sameItems ? 'the same request listed the items in another order' : 'the same request listed other items, which no write explains',
        expected: a.slice(0, 200),
        observed: b.slice(0, 200),
      },
    ];
  },
);
