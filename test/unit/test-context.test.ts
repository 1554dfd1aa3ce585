/**
 * The life of a suite test (declare, verify, skip, clean up, record) over a fake transport:
 * what the test does with each kind of answer, apart from how requests are sent
 * (the transport itself is tested on real loopback servers in http-client.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../lib/checks/catalogue.ts';
import type { Check } from '../../lib/checks/check.ts';
import type { ExchangeRequest, ExchangeResult, Transport } from '../../lib/http/exchange.ts';
import type { Exchange } from '../../lib/model/exchange.ts';
import { GRANT_ALL } from '../../lib/quota/quotas.ts';
import { Redactor } from '../../lib/redact/redactor.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { runTestBody } from '../../lib/suite-kit/conformance-test.ts';
import { Recorder } from '../../lib/suite-kit/recorder.ts';
import type { RunContext } from '../../lib/suite-kit/run-context.ts';
import { ConformanceTestContext } from '../../lib/suite-kit/test-context.ts';
import { ContractCompiler } from '../../lib/validate/response-contract.ts';
import { answered } from './exchange-fixtures.ts';

const TOKEN = 'dfoa_test-token';
const spec = loadSpec();
const contracts = new ContractCompiler(spec);
const run: RunContext = {
  runId: 'dcr-test',
  target: {
    baseUrl: 'http://127.0.0.1:1/openapi/v1',
    token: TOKEN,
    embedded: true,
    workspaceId: undefined,
    appIds: {},
    hitlAppId: undefined,
    fileAppId: undefined,
    foreignWorkspaceId: undefined,
    foreignAppId: undefined,
    otherMemberToken: undefined,
    uploadLimitMb: undefined,
    consoleCookie: undefined,
    consoleCsrfToken: undefined,
    clientId: 'difyctl',
    externalToken: undefined,
  },
  profile: 'full',
  interactive: false,
  fuzzRuns: 1,
  seed: 1,
  requestTimeoutMs: 1000,
  streamTimeoutMs: 1000,
  deviceExpiryWaitSeconds: 0,
  maxResponseBytes: 65_536,
  pacingUrl: undefined,
  idsAreUuids: true,
  quota: GRANT_ALL,
  consoleIdentity: undefined,
};

/** Answers each request with the next scripted result, and keeps what was sent. */
class FakeTransport implements Transport {
  readonly sent: ExchangeRequest[] = [];
  readonly #answers: ((request: ExchangeRequest) => ExchangeResult)[];

  constructor(...answers: ((request: ExchangeRequest) => ExchangeResult)[]) {
    this.#answers = answers;
  }

  exchange(request: ExchangeRequest): Promise<ExchangeResult> {
    this.sent.push(request);
    const answer = this.#answers.shift();
    if (answer === undefined) throw new Error(`unscripted request ${request.method} ${request.url}`);
    return Promise.resolve(answer(request));
  }
}

function reply(status: number, body: unknown): (request: ExchangeRequest) => ExchangeResult {
  return (request) => ({
    sent: true,
    exchange: { ...answered(request.operationId, status, body), request: { method: request.method, url: request.url, headers: request.headers ?? {} } },
  });
}

const ACCOUNT = {
  id: 'a0f2b7e4-8c9d-4e1f-9a3b-2c4d5e6f7a8b',
  name: 'Tester',
  email: 'tester@example.com',
  avatar: null,
  interface_language: 'en-US',
  timezone: 'UTC',
  last_login_at: null,
  default_workspace_id: null,
};
const declared = ['response.schema'];
const noViolations: Check<unknown> = { ...definition('response.schema'), evaluate: () => [] };

function definition(id: string): NonNullable<ReturnType<typeof findCheck>> {
  const check = findCheck(id);
  if (check === undefined) throw new Error(`${id} is not in the catalogue`);
  return check;
}

async function runTest(
  transport: Transport,
  body: (t: ConformanceTestContext) => Promise<void>,
  operation: string | null = null,
): Promise<ReturnType<Recorder['toRecord']>> {
  const redactor = new Redactor([TOKEN]);
  const recorder = new Recorder(declared, { redactor, shellVariables: new Map([[TOKEN, 'DIFY_TOKEN']]) });
  const t = new ConformanceTestContext({ run, spec, contracts, http: transport, redactor }, recorder);
  return runTestBody(t, recorder, body, operation);
}

describe('a conformance test over a fake transport', () => {
  it('sends a call with the run token and judges the answer with the response checks', async () => {
    const transport = new FakeTransport(reply(200, ACCOUNT));
    const record = await runTest(transport, async (t) => {
      const exchange = await t.call('getAccount');
      t.verify(noViolations, exchange);
    });
    expect(transport.sent[0]).toMatchObject({
      operationId: 'getAccount',
      method: 'GET',
      route: 'GET /account',
      headers: { accept: 'application/json', authorization: `Bearer ${TOKEN}` },
    });
    expect(record.exchanges).toEqual([expect.objectContaining({ operation: 'getAccount', status: 200 })]);
    const judged = record.outcomes.filter((o) => o.operation === 'getAccount').map((o) => o.checkId);
    expect(judged).toEqual(expect.arrayContaining(['response.status-documented', 'response.content-type', 'response.schema']));
    expect(record.outcomes).toContainEqual(expect.objectContaining({ checkId: 'response.no-server-error', operation: 'getAccount', status: 'passed' }));
  });

  it('records a cleanup request as traffic but does not judge it', async () => {
    const transport = new FakeTransport(reply(200, ACCOUNT), reply(500, 'broken'));
    const record = await runTest(transport, async (t) => {
      const exchange = await t.call('getAccount');
      t.onCleanup('switch back', () => t.call('switchWorkspace', { path: { workspace_id: 'w1' } }));
      t.verify(noViolations, exchange);
    });
    expect(transport.sent.map((r) => r.operationId)).toEqual(['getAccount', 'switchWorkspace']);
    expect(record.exchanges.map((e) => e.operation)).toEqual(['getAccount', 'switchWorkspace']);
    expect(record.outcomes.filter((o) => o.operation === 'switchWorkspace')).toEqual([]);
    expect(record.cleanupProblems).toBeUndefined();
  });

  it('runs cleanups last-in first-out, reports one that fails and keeps the outcomes', async () => {
    const order: string[] = [];
    const record = await runTest(new FakeTransport(), (t) => {
      t.onCleanup('first', () => {
        order.push('first');
        return Promise.resolve();
      });
      t.onCleanup('second', () => Promise.reject(new Error(`could not undo with ${TOKEN}`)));
      t.verify(noViolations, { exchange: answered('getAccount', 200, ACCOUNT) });
      return Promise.resolve();
    });
    expect(order).toEqual(['first']);
    expect(record.cleanupProblems).toEqual(['second: could not undo with [REDACTED]']);
    expect(record.outcomes).toEqual([expect.objectContaining({ checkId: 'response.schema', status: 'passed', operation: 'getAccount' })]);
  });

  it('skips the undecided checks when the transport does not send (the read-only profile)', async () => {
    const transport = new FakeTransport(() => ({ sent: false, reason: 'not sent in the read-only profile (DELETE /x)' }));
    const record = await runTest(
      transport,
      async (t) => {
        await t.call('removeMember', { path: { workspace_id: 'w', member_id: 'm' } });
      },
      'removeMember',
    );
    expect(record.exchanges).toEqual([]);
    expect(record.outcomes).toEqual([
      expect.objectContaining({
        checkId: 'response.schema',
        status: 'skipped',
        operation: 'removeMember',
        message: 'not sent in the read-only profile (DELETE /x)',
      }),
    ]);
  });

  it('errors the undecided checks, with the exchange, when no answer came', async () => {
    const failed = (request: ExchangeRequest): ExchangeResult => ({
      sent: true,
      exchange: {
        operationId: request.operationId,
        request: { method: request.method, url: request.url, headers: {} },
        transportError: { kind: 'timeout', message: 'no complete answer within 1000 ms' },
        timings: { startedAt: 0, totalMs: 1000 },
      },
    });
    const record = await runTest(new FakeTransport(failed), async (t) => {
      await t.call('getAccount');
    });
    expect(record.exchanges).toEqual([expect.objectContaining({ operation: 'getAccount', status: null })]);
    const [outcome] = record.outcomes;
    expect(outcome).toMatchObject({ checkId: 'response.schema', status: 'errored', operation: 'getAccount' });
    expect(outcome?.message).toContain('the server gave no answer');
    expect(outcome?.evidence?.transportError).toContain('timeout');
  });

  it('judges a 429 of a spent quota, then ends the test (its checks already decided by the judging)', async () => {
    const spent = (request: ExchangeRequest): ExchangeResult => ({
      ...(reply(429, { code: 'too_many_requests', message: 'slow down', status: 429 })(request) as ExchangeResult & { sent: true }),
      quotaSpent: 'not checked: the quota is spent',
    });
    let after = false;
    const record = await runTest(
      new FakeTransport(spent),
      async (t) => {
        await t.call('createDeviceCode', { json: { client_id: 'difyctl' } });
        after = true;
      },
      'createDeviceCode',
    );
    expect(after).toBe(false);
    expect(record.outcomes.some((o) => o.checkId === 'response.status-documented' && o.operation === 'createDeviceCode')).toBe(true);
    expect(record.outcomes.filter((o) => o.status === 'skipped')).toEqual([]);
  });

  it('files a failed verdict under the judged exchange, with its evidence redacted', async () => {
    const failing: Check<Exchange> = { ...definition('response.schema'), evaluate: () => [{ message: 'wrong', expected: 'x', observed: 'y' }] };
    const exchange = answered('getAccount', 200, ACCOUNT, {}, { headers: { authorization: `Bearer ${TOKEN}` } });
    const record = await runTest(new FakeTransport(), (t) => {
      t.verify(failing, exchange);
      return Promise.resolve();
    });
    expect(record.outcomes).toEqual([
      expect.objectContaining({ checkId: 'response.schema', operation: 'getAccount', status: 'failed', message: 'wrong', expected: 'x', observed: 'y' }),
    ]);
    expect(JSON.stringify(record)).not.toContain(TOKEN);
  });

  it('reads a stream through the transport and records its events', async () => {
    const streamed = (request: ExchangeRequest): ExchangeResult => {
      const events = [{ name: 'message', data: '{}', json: {} }];
      return {
        ...(reply(200, '')(request) as ExchangeResult & { sent: true }),
        stream: {
          status: 200,
          headers: {},
          mediaType: 'text/event-stream',
          events,
          comments: 0,
          end: 'closed',
          durationMs: 5,
          firstEventMs: 2,
          bytes: 10,
        } as never,
      };
    };
    const transport = new FakeTransport(streamed);
    const record = await runTest(transport, async (t) => {
      const { stream } = await t.stream('runApp', { path: { app_id: 'app' }, json: { inputs: {} }, totalTimeoutMs: 50 });
      expect(stream.events).toHaveLength(1);
      t.skip('done');
    });
    expect(transport.sent[0]).toMatchObject({ headers: { accept: 'text/event-stream' }, stream: { totalTimeoutMs: 50 } });
    expect(record.exchanges).toEqual([expect.objectContaining({ operation: 'runApp', events: 1, firstEventMs: 2 })]);
  });
});
