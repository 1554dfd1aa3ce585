/**
 * Figure 3, in a process of its own: what judging one response body against
 * openapi.yaml costs with the suite's ContractCompiler (compiled once, as a
 * worker does). The bodies are real answers of the reference server; the
 * large one is a listApps page grown to 200 rows.
 *   node --import tsx scripts/bench/validation-child.ts
 */
import { randomUUID } from 'node:crypto';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { ContractCompiler } from '../../lib/validate/response-contract.ts';
import { reportResult } from './child-result.ts';

export interface ValidationCost {
  readonly name: string;
  readonly bytes: number;
  readonly iterations: number;
  readonly meanUs: number;
}

const LARGE_ROWS = 200;

async function getJson(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  return response.json();
}

/** A listApps page of `rows` rows, made from the server's own rows with fresh ids and names. */
function grownPage(page: { data: Record<string, unknown>[] }, rows: number): unknown {
  const data = Array.from({ length: rows }, (_, i) => {
    const row = page.data[i % page.data.length] ?? {};
    return { ...row, id: randomUUID(), name: `${String(row['name'])} ${i}` };
  });
  return { ...page, data, limit: rows, total: rows, has_more: false };
}

function measure(name: string, validate: () => readonly string[] | undefined, body: unknown, iterations: number): ValidationCost {
  const errors = validate();
  if (errors === undefined || errors.length > 0) throw new Error(`the ${name} body does not validate: ${errors?.join('; ') ?? 'no schema'}`);
  for (let i = 0; i < iterations / 10; i++) validate();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) validate();
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return { name, bytes: Buffer.byteLength(JSON.stringify(body)), iterations, meanUs: elapsedNs / iterations / 1000 };
}

const server = await startReferenceServer();
let account: unknown;
let page: { data: Record<string, unknown>[] };
let error: unknown;
try {
  account = await getJson(`${server.baseUrl}/account`, server.token);
  page = (await getJson(`${server.baseUrl}/apps?workspace_id=${server.workspaceId}&limit=200`, server.token)) as typeof page;
  error = await getJson(`${server.baseUrl}/apps?workspace_id=${server.workspaceId}&limit=x`, server.token);
} finally {
  await server.close();
}
const large = grownPage(page, LARGE_ROWS);

const contracts = new ContractCompiler(loadSpec());
const getAccount = contracts.contract('getAccount');
const listApps = contracts.contract('listApps');
reportResult([
  measure('getAccount 200', () => getAccount.validateBody(200, 'application/json', account), account, 20_000),
  measure('ErrorBody (listApps 422)', () => listApps.validateErrorBody(error), error, 20_000),
  measure(`listApps 200, ${LARGE_ROWS} rows`, () => listApps.validateBody(200, 'application/json', large), large, 2000),
] satisfies ValidationCost[]);
