/**
 * The vitest wrapper every suite test uses. A test declares the checks it
 * decides; the check ids go into its name, its outcomes into the task meta
 * that the results reporter reads. A test that throws leaves its undecided
 * checks errored (a suite error, never a server failure); a test that skips
 * leaves them skipped with the reason.
 */
import { test } from 'vitest';
import type { Check, CheckDefinition } from '../checks/check.ts';
import { isRequired } from '../checks/check.ts';
import { findCheck } from '../checks/catalogue.ts';
import { QUOTAS } from '../quota/quotas.ts';
import { RESPONSE_CHECKS } from '../checks/response-checks.ts';
import type { HttpRequest } from '../http/http-client.ts';
import type { ContractCompiler } from '../validate/response-contract.ts';
import type { AnsweredExchange, Exchange } from '../model/exchange.ts';
import type { CreatedResource, TestRecord, Violation } from '../model/outcome.ts';
import { readSseStream, type EventDecision, type SseStreamResult } from '../sse/sse-reader.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { Recorder } from './recorder.ts';
import { buildUrl, type QueryValue } from './request-builder.ts';
import type { RunContext } from './run-context.ts';
import { workerHarness, type WorkerHarness } from './worker-harness.ts';

/** Ends a test early: its undecided checks are skipped with the reason. */
export class SkipSignal extends Error {
  override readonly name = 'SkipSignal';
}

/** The server did not answer (timeout, reset, too large): the checks that needed the answer are errored. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(readonly exchange: Exchange) {
    super(`${exchange.request.method} ${exchange.operationId ?? exchange.request.url}: ${exchange.transportError?.kind ?? 'error'}: ${exchange.transportError?.message ?? ''}`);
  }
}

export interface PropertyResult {
  readonly seed: number;
  readonly runs: number;
  readonly failure?: {
    readonly violations: readonly Violation[];
    /** The exchange of the re-sent minimal counterexample. */
    readonly exchange: Exchange;
    /** The minimal input, as text (e.g. the query string). */
    readonly counterexample: string;
  };
}

export interface StreamedExchange {
  /** The head of the answer as an exchange (its body: the events' data, or the error body). */
  readonly exchange: AnsweredExchange;
  readonly stream: SseStreamResult;
}

export type AuthMode =
  | 'token'
  | 'none'
  | { readonly token: string }
  | { readonly authorization: string };

export interface CallOptions {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>> | string;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is, with `contentType`. */
  readonly rawBody?: string | Uint8Array;
  readonly contentType?: string;
  /** Describes a binary body in records. */
  readonly bodyDescription?: string;
  /** Default: the run's token on protected operations, none on auth-free ones. */
  readonly auth?: AuthMode;
  readonly headers?: Readonly<Record<string, string>>;
}

export class ConformanceTestContext {
  readonly run: RunContext;
  readonly #harness: WorkerHarness;
  readonly #recorder: Recorder;
  readonly #cleanups: { readonly what: string; readonly step: () => Promise<unknown> }[] = [];

  constructor(harness: WorkerHarness, recorder: Recorder) {
    this.#harness = harness;
    this.#recorder = recorder;
    this.run = harness.run;
  }

  /**
   * Sends a request to a spec operation and applies the response checks to the answer.
   * Throws TransportFailure when no answer came.
   */
  async call(operationId: string, options: CallOptions = {}): Promise<AnsweredExchange> {
    const operation = this.#harness.spec.operation(operationId);
    if (this.run.profile === 'read-only' && operation.method !== 'GET') {
      this.skip(`not sent in the read-only profile (${operation.method} ${operation.path}); run with DIFY_PROFILE=full to check it`);
    }
    // Requests that spend an hourly quota are not retried on 429: that answer lasts the hour.
    const quota = QUOTAS.find((q) => q.operations.includes(operationId));
    const headers: Record<string, string> = { accept: 'application/json', ...authHeader(options.auth ?? (operation.authFree ? 'none' : 'token'), this.run.target.token) };
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.rawBody !== undefined) {
      body = options.rawBody;
      if (options.contentType !== undefined) headers['content-type'] = options.contentType;
    }
    Object.assign(headers, options.headers ?? {});
    const exchange = await this.send({
      operationId,
      method: operation.method,
      url: buildUrl(this.run.target.baseUrl, operation, options.path ?? {}, options.query),
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.bodyDescription === undefined ? {} : { bodyDescription: options.bodyDescription }),
      ...(quota === undefined ? {} : { retryRateLimit: false }),
    });
    const contract = this.#harness.contracts.contract(operationId);
    for (const check of RESPONSE_CHECKS) this.verify(check, { exchange, contract });
    // An hourly quota the plan did not foresee (another client spent it): the test cannot go on.
    if (quota !== undefined && exchange.response.status === 429) {
      this.skip(`not checked: the ${quota.per}'s ${quota.key} quota is spent (429 from ${operation.method} ${operation.path}; ${quota.limit} per ${quota.windowMs / 60_000} min, docs/server-behavior.md §12.5); retry within ${quota.windowMs / 60_000} min`);
    }
    return exchange;
  }

  /**
   * Opens an SSE operation and reads it while it arrives, within the stream limits; `onEvent`
   * sees each event at once and may stop the read. The response checks are applied to the head
   * (status, content type) and to a body that is not a stream (an error before streaming).
   */
  async stream(operationId: string, options: CallOptions & { readonly onEvent?: (event: SseEvent) => EventDecision; readonly totalTimeoutMs?: number; readonly signal?: AbortSignal } = {}): Promise<StreamedExchange> {
    const operation = this.#harness.spec.operation(operationId);
    if (this.run.profile === 'read-only' && operation.method !== 'GET') {
      this.skip(`not sent in the read-only profile (${operation.method} ${operation.path}); run with DIFY_PROFILE=full to check it`);
    }
    const headers: Record<string, string> = { accept: 'text/event-stream', ...authHeader(options.auth ?? 'token', this.run.target.token), ...(options.headers ?? {}) };
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const url = buildUrl(this.run.target.baseUrl, operation, options.path ?? {}, options.query);
    const traffic = this.#harness.http.traffic;
    const stopped = traffic.stopped;
    if (stopped !== undefined) {
      throw new TransportFailure({ operationId, request: { method: operation.method, url, headers }, transportError: { kind: 'stopped-answering', message: stopped }, timings: { startedAt: Date.now(), totalMs: 0 } });
    }
    const startedAt = Date.now();
    let result: SseStreamResult;
    // A 429 before the stream starts is waited out like any other (lib/http/traffic-control.ts),
    // but for a model's rate limit, which is an answer about the deployment's model setup.
    for (let attempt = 0; ; attempt++) {
      await traffic.pace(headers['authorization']);
      result = await this.#readStream(operation.method, url, headers, body, options);
      const delay = result.status === 429 && !isModelRateLimit(result) ? traffic.retryDelay(result.headers['retry-after'], attempt) : undefined;
      if (delay === undefined) break;
      await traffic.waitOut(delay);
    }
    traffic.observe(result.status === undefined && (result.end === 'idle-timeout' || result.end === 'total-timeout'));
    const request = { method: operation.method, url, headers, ...(body === undefined ? {} : { body }) };
    const timings = { startedAt, ...(result.headersMs === undefined ? {} : { headersMs: result.headersMs }), totalMs: result.durationMs };
    if (result.status === undefined || (result.status === 429 && !isModelRateLimit(result))) {
      const transportError = result.status === 429
        ? { kind: 'rate-limited' as const, message: 'still rate limited (429) after the retries; lower DIFY_MAX_REQUESTS_PER_MINUTE' }
        : { kind: result.end === 'connect' ? 'connect' as const : result.end === 'reset' ? 'reset' as const : 'timeout' as const, message: result.endMessage ?? result.end };
      const failed: Exchange = { operationId, request, transportError, timings };
      this.#recorder.noteExchange(failed);
      throw new TransportFailure(failed);
    }
    const bodyText = result.body?.text ?? result.events.map((e) => `data: ${e.data}`).join('\n\n');
    const exchange: AnsweredExchange = {
      operationId,
      request,
      response: {
        status: result.status,
        headers: result.headers,
        mediaType: result.mediaType,
        bodyText,
        bodyBytes: result.bytes,
        ...(result.body?.json === undefined ? {} : { json: result.body.json }),
        ...(result.body?.jsonError === undefined ? {} : { jsonError: result.body.jsonError }),
      },
      timings,
    };
    this.#recorder.noteExchange(exchange, { events: result.events.length, ...(result.firstEventMs === undefined ? {} : { firstEventMs: result.firstEventMs }) });
    const contract = this.#harness.contracts.contract(operationId);
    for (const check of RESPONSE_CHECKS) this.verify(check, { exchange, contract });
    return { exchange, stream: result };
  }

  #readStream(method: string, url: string, headers: Record<string, string>, body: string | undefined, options: { readonly onEvent?: (event: SseEvent) => EventDecision; readonly totalTimeoutMs?: number; readonly signal?: AbortSignal }): Promise<SseStreamResult> {
    return readSseStream({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { body }),
      idleTimeoutMs: this.run.requestTimeoutMs,
      totalTimeoutMs: options.totalTimeoutMs ?? this.run.streamTimeoutMs,
      maxBytes: this.run.maxResponseBytes,
      dispatcher: this.#harness.http.dispatcher,
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  }

  /** Sends a request as given (for paths outside the spec) and records it; no response checks. */
  async send(request: HttpRequest): Promise<AnsweredExchange> {
    const exchange = await this.#harness.http.send(request);
    this.#recorder.noteExchange(exchange);
    if (exchange.response === undefined) throw new TransportFailure(exchange);
    return exchange as AnsweredExchange;
  }

  /**
   * Applies a check and records its outcome, filed under the operation of the exchange it judged
   * (none for a check about the API as a whole); returns whether it passed.
   */
  verify<I>(check: Check<I>, input: I, judged: Exchange | undefined = exchangeIn(input)): boolean {
    const exchange = judged;
    const violations = check.evaluate(input);
    this.#recorder.record({
      checkId: check.id,
      operation: exchange?.operationId ?? null,
      status: violations.length === 0 ? 'passed' : 'failed',
      violations,
      ...(violations.length === 0 ? {} : evidenceOf(violations, exchange)),
    });
    return violations.length === 0;
  }

  /**
   * Records the outcome of a property checked over generated inputs: passed after `runs` inputs,
   * or failed with the minimal (shrunk, then re-sent) counterexample, its exchange and the seed.
   */
  recordProperty(check: CheckDefinition, operation: string, result: PropertyResult): void {
    if (result.failure === undefined) {
      this.#recorder.record({ checkId: check.id, operation, status: 'passed', message: '' });
      return;
    }
    this.#recorder.record({
      checkId: check.id,
      operation,
      status: 'failed',
      violations: result.failure.violations,
      exchange: result.failure.exchange,
      seed: result.seed,
      counterexample: result.failure.counterexample,
    });
  }

  /** Records that a check could not be applied here, and why. */
  skipCheck(check: CheckDefinition, operation: string | null, reason: string): void {
    this.#recorder.record({ checkId: check.id, operation, status: 'skipped', message: reason });
  }

  /** Stops the test; its undecided checks are skipped with the reason. */
  skip(reason: string): never {
    throw new SkipSignal(reason);
  }

  /**
   * Registers the undoing of something the test created, on the line after creating it
   * (style.md rule 9). Cleanups run last-in first-out when the test ends, however it ends;
   * a cleanup that fails is reported and never changes an outcome.
   */
  onCleanup(what: string, step: () => Promise<unknown>): void {
    this.#cleanups.push({ what, step });
  }

  /** @internal Runs the registered cleanups. */
  async runCleanups(): Promise<void> {
    for (const { what, step } of this.#cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        this.#recorder.cleanupProblem(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.#cleanups.length = 0;
  }

  /** Lists something the test created on the server, for the report. */
  noteCreated(resource: CreatedResource): void {
    this.#recorder.created(resource);
  }

  /** A value the server handed out that must never reach output (a minted token, a device code). */
  addSecret(value: string): void {
    this.#harness.redactor.add(value);
  }

  /** Adds a step to a named timeline shown in the report. */
  note(timeline: string, label: string, detail: string): void {
    this.#recorder.note(timeline, label, detail);
  }

  /** The compiled response contract of an operation (for checks a test applies itself). */
  contract(operationId: string): ReturnType<ContractCompiler['contract']> {
    return this.#harness.contracts.contract(operationId);
  }

  /** Schema errors of a value against a schema of openapi.yaml ('#/components/schemas/X') or a registered behaviour schema id. */
  schemaErrors(schemaRef: string, value: unknown): readonly string[] {
    return this.#harness.contracts.validate(schemaRef, value);
  }

  /** Schema errors of a value against ErrorBody. */
  errorBodyErrors(value: unknown): readonly string[] {
    return this.#harness.contracts.validate('#/components/schemas/ErrorBody', value);
  }
}

/** The exchange a check's input is, or carries as `exchange`: what it judged, unless the test says otherwise. */
function exchangeIn(input: unknown): Exchange | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if ('request' in input && 'timings' in input) return input as Exchange;
  const carried = (input as { exchange?: unknown }).exchange;
  return typeof carried === 'object' && carried !== null && 'request' in carried ? carried as Exchange : undefined;
}

/** The exchange to show with a failure: the one the first violation names, else the one the test gave. */
function evidenceOf(violations: readonly Violation[], given: Exchange | undefined): { exchange?: Exchange } {
  const exchange = violations[0]?.evidence ?? given;
  return exchange === undefined ? {} : { exchange };
}

/** A 429 rate_limit_error: the app's model is rate limited (docs/server-behavior.md §7.1), not the caller. */
function isModelRateLimit(result: SseStreamResult): boolean {
  return (result.body?.json as { code?: unknown } | undefined)?.code === 'rate_limit_error';
}

function authHeader(mode: AuthMode, token: string): Record<string, string> {
  if (mode === 'none') return {};
  if (mode === 'token') return { authorization: `Bearer ${token}` };
  if ('token' in mode) return { authorization: `Bearer ${mode.token}` };
  return { authorization: mode.authorization };
}

export interface ConformanceTestOptions {
  readonly timeoutMs?: number;
  /** The operation the test is about: skips and errors of its undecided checks are filed under it. */
  readonly operation?: string;
}

/** Declares a vitest test that decides the given checks. */
export function conformanceTest(
  checks: readonly CheckDefinition[],
  title: string,
  body: (t: ConformanceTestContext) => Promise<void>,
  options: ConformanceTestOptions = {},
): void {
  const ids = checks.map((c) => c.id);
  for (const id of ids) {
    if (findCheck(id) === undefined) throw new Error(`test "${title}" declares ${id}, which is not in the check catalogue`);
  }
  test(`[${ids.join(' ')}] ${title}`, async ({ task, skip }) => {
    const harness = workerHarness();
    const recorder = new Recorder(ids, harness.evidence);
    const t = new ConformanceTestContext(harness, recorder);
    const operation = options.operation ?? null;
    try {
      await body(t);
    } catch (error) {
      if (error instanceof SkipSignal) {
        recorder.settleUndecided('skipped', error.message, operation);
      } else if (error instanceof TransportFailure) {
        recorder.settleUndecided('errored', `the server gave no answer: ${error.message}`, error.exchange.operationId ?? operation, error.exchange);
      } else {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        recorder.settleUndecided('errored', `suite error: ${message}`, operation);
      }
    } finally {
      await t.runCleanups();
    }
    recorder.settleUndecided('errored', 'suite error: the test ended without deciding this check', operation);
    const record: TestRecord = recorder.toRecord();
    (task.meta as Record<string, unknown>)['dify'] = record;

    const requiredFailures = record.outcomes.filter((o) => (o.status === 'failed' || o.status === 'errored') && isRequired(findCheck(o.checkId) ?? { level: 'MUST' }));
    if (requiredFailures.length > 0) {
      throw new Error(requiredFailures.map((o) => `${o.checkId} ${o.status}${o.operation === null ? '' : ` on ${o.operation}`}: ${o.message}`).join('\n'));
    }
    const declaredOutcomes = record.outcomes.filter((o) => ids.includes(o.checkId));
    if (declaredOutcomes.length > 0 && declaredOutcomes.every((o) => o.status === 'skipped')) {
      skip(declaredOutcomes[0]?.message);
    }
  }, options.timeoutMs);
}
