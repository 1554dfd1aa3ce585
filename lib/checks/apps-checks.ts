/** App reads: the list, describe with its `fields` allow-list, export and dependency check. */
import { parse as parseYaml } from 'yaml';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const DESCRIBE_BLOCKS = ['info', 'parameters', 'input_schema'] as const;

export interface DescribeInput {
  readonly exchange: AnsweredExchange;
  /** Blocks asked for with ?fields=; empty means the parameter was omitted. */
  readonly requested: readonly string[];
}

export const describeBlocks = defineCheck<DescribeInput>({
  id: 'apps.describe-blocks',
  area: 'apps',
  statement: 'GET /apps/{id}/describe returns every block asked for with ?fields=, and all three blocks when fields is omitted.',
  basis: [seed('#/components/schemas/AppDescribeQuery', 'fields: empty or omitted gives all blocks'), server('§6.1')],
}, ({ exchange, requested }) => {
  if (exchange.response.status !== 200) return [];
  const body = (exchange.response.json ?? {}) as Record<string, unknown>;
  const wanted = requested.length === 0 ? DESCRIBE_BLOCKS : requested;
  const missing = wanted.filter((block) => body[block] === undefined || body[block] === null);
  if (missing.length === 0) return [];
  return [{ message: `describe${requested.length === 0 ? ' without fields' : `?fields=${requested.join(',')}`} returned no ${missing.join(', ')}`, expected: `non-null ${wanted.join(', ')}`, observed: exchange.response.bodyText.slice(0, 300) }];
});

export interface DescribeIdentityInput {
  readonly exchange: AnsweredExchange;
  readonly appId: string;
  /** The app as the list showed it. */
  readonly listed: { readonly name?: unknown; readonly mode?: unknown };
}

export const describeMatchesList = defineCheck<DescribeIdentityInput>({
  id: 'apps.describe-matches-list',
  area: 'apps',
  statement: 'The info block of describe has the id, name and mode the app list shows for the same app.',
  basis: [seed('#/components/schemas/AppDescribeInfo', 'id, name and mode of the app the list row names: #/components/schemas/AppListRow')],
}, ({ exchange, appId, listed }) => {
  if (exchange.response.status !== 200) return [];
  const info = (exchange.response.json as { info?: Record<string, unknown> } | undefined)?.info;
  if (info === undefined || info === null) return [];
  const out: Violation[] = [];
  if (info['id'] !== appId) out.push({ message: 'describe answered for another app', expected: appId, observed: String(info['id']) });
  if (info['name'] !== listed.name) out.push({ message: 'describe and the list disagree on the name', expected: String(listed.name), observed: String(info['name']) });
  if (info['mode'] !== listed.mode) out.push({ message: 'describe and the list disagree on the mode', expected: String(listed.mode), observed: String(info['mode']) });
  return out;
});

export const exportIsDsl = defineCheck<AnsweredExchange>({
  id: 'apps.export-dsl',
  area: 'apps',
  statement: 'The exported DSL is a non-empty YAML document with the app section.',
  basis: [server('§6.2'), server('§8.1', 'a DSL without its app section imports nothing')],
}, (exchange) => {
  if (exchange.response.status !== 200) return [];
  const data = (exchange.response.json as { data?: unknown } | undefined)?.data;
  let app: unknown;
  try {
    app = typeof data === 'string' ? (parseYaml(data) as { app?: unknown } | null)?.app : undefined;
  } catch {
    app = undefined;
  }
  if (app !== null && typeof app === 'object' && !Array.isArray(app)) return [];
  return [{ message: 'the exported DSL is not YAML with an `app` mapping', expected: 'a YAML DSL with an `app:` mapping', observed: typeof data === 'string' ? data.slice(0, 200) : String(data) }];
});

export const workspaceIdRequired = defineCheck<AnsweredExchange>({
  id: 'apps.workspace-id-required',
  area: 'apps',
  statement: 'GET /apps without workspace_id is refused with a 4xx, never answered with a list.',
  basis: [seed('#/paths/~1apps/get/parameters/5', 'workspace_id is required'), server('§1.5', 'the workspace guard reads ?workspace_id'), server('§3')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status >= 400 && status < 500) return [];
  return [{ message: `GET /apps without workspace_id was answered ${status}`, expected: 'a 4xx answer', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const workspaceIdRequired404 = defineCheck<AnsweredExchange>({
  id: 'apps.workspace-id-required-404',
  area: 'apps',
  statement: 'GET /apps without workspace_id is answered 404 "workspace not found": the workspace guard reads it before validation.',
  basis: [server('§1.5', 'workspace id absent → 404 workspace not found'), server('§3')],
}, (exchange) => {
  const { status, json, bodyText } = exchange.response;
  const message = (json as { message?: unknown } | null | undefined)?.message;
  if (status === 404 && typeof message === 'string' && /workspace not found/i.test(message)) return [];
  return [{ message: `GET /apps without workspace_id was answered ${status}`, expected: '404 "workspace not found"', observed: `${status} ${bodyText.slice(0, 200)}` }];
});
