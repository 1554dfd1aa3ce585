/**
 * After the run: does anything the run created still exist? Sessions minted
 * by the device flow and members it invited carry the run id in their label or
 * address; whatever is still there (a check failed before its cleanup, or the
 * run was interrupted) is removed now and listed in the report. Nothing is
 * touched that does not carry this run's id.
 */
import { HttpClient } from '../http/http-client.ts';
import type { Pacer } from '../http/pacing.ts';
import { DEFAULT_TRAFFIC } from '../http/traffic-control.ts';
import { runEmail } from '../suite-kit/probe-values.ts';
import type { TargetInfo } from '../suite-kit/run-context.ts';

/** Lists are read a page at a time (a real workspace holds hundreds of members), up to this many pages. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 20;

export interface Leak {
  readonly kind: 'session' | 'member';
  readonly id: string;
  readonly name: string;
  /** Whether the audit removed it. */
  readonly removed: boolean;
}

interface Row {
  readonly id?: unknown;
  readonly device_label?: unknown;
  readonly email?: unknown;
}

async function rowsOf(http: HttpClient, url: string, token: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const exchange = await http.send({
      operationId: null,
      method: 'GET',
      url: `${url}?page=${page}&limit=${PAGE_LIMIT}`,
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    const body = exchange.response?.json as { data?: unknown; has_more?: unknown } | undefined;
    if (exchange.response?.status !== 200 || !Array.isArray(body?.data)) break;
    rows.push(...(body.data as Row[]));
    if (body.has_more !== true || body.data.length === 0) break;
  }
  return rows;
}

async function remove(http: HttpClient, url: string, token: string): Promise<boolean> {
  const exchange = await http.send({ operationId: null, method: 'DELETE', url, headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  const status = exchange.response?.status;
  return status === 200 || status === 404;
}

export async function auditLeaks(
  target: TargetInfo,
  runId: string,
  workspaceId: string | undefined,
  limits: { readonly requestTimeoutMs: number; readonly maxResponseBytes: number; readonly pacer: Pacer },
): Promise<Leak[]> {
  const http = new HttpClient({
    requestTimeoutMs: limits.requestTimeoutMs,
    maxResponseBytes: limits.maxResponseBytes,
    traffic: { ...DEFAULT_TRAFFIC, pacer: limits.pacer },
  });
  const leaks: Leak[] = [];
  try {
    const label = `dify-conformance ${runId}`;
    for (const row of await rowsOf(http, `${target.baseUrl}/account/sessions`, target.token)) {
      if (typeof row.id !== 'string' || typeof row.device_label !== 'string' || !row.device_label.startsWith(label)) continue;
      leaks.push({
        kind: 'session',
        id: row.id,
        name: row.device_label,
        removed: await remove(http, `${target.baseUrl}/account/sessions/${encodeURIComponent(row.id)}`, target.token),
      });
    }
    if (workspaceId !== undefined) {
      const email = runEmail(runId);
      for (const row of await rowsOf(http, `${target.baseUrl}/workspaces/${encodeURIComponent(workspaceId)}/members`, target.token)) {
        if (typeof row.id !== 'string' || typeof row.email !== 'string' || row.email.toLowerCase() !== email) continue;
        leaks.push({
          kind: 'member',
          id: row.id,
          name: row.email,
          removed: await remove(http, `${target.baseUrl}/workspaces/${encodeURIComponent(workspaceId)}/members/${encodeURIComponent(row.id)}`, target.token),
        });
      }
    }
  } finally {
    await http.close();
  }
  return leaks;
}
