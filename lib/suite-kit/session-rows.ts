/**
 * The run's own rows of GET /account/sessions, found by the device label it minted them with
 * (other clients' sessions may come first).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { CallOptions, ConformanceTestContext } from './conformance-test.ts';
import { readPages } from './list-walker.ts';

/** Pages of the session list read looking for the run's own row. */
const MAX_SESSION_PAGES = 5;

function ownRows(page: AnsweredExchange, label: string): { id?: unknown }[] {
  return ((page.response.json as { data?: { id?: unknown; device_label?: unknown }[] } | undefined)?.data ?? []).filter((r) => r.device_label === label);
}

/** The pages of GET /account/sessions (as `auth`) up to the one holding the row with this device label. */
export function sessionPages(t: ConformanceTestContext, label: string, auth?: CallOptions['auth']): Promise<AnsweredExchange[]> {
  return readPages(
    t,
    { operationId: 'listSessions', ...(auth === undefined ? {} : { auth }) },
    { maxPages: MAX_SESSION_PAGES, until: (page) => ownRows(page, label).length > 0 },
  );
}

/** The id of the session row carrying the run's own device label, and only that. */
export function ownSessionId(pages: readonly AnsweredExchange[], label: string): string | undefined {
  const own = pages.flatMap((page) => ownRows(page, label));
  return own.length === 1 && typeof own[0]?.id === 'string' ? own[0].id : undefined;
}
