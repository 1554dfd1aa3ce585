/**
 * What a suite test holds as `t`: it sends through the transport, judges answers with the
 * checks and records the outcomes, and stops or cleans up the test. The sending itself
 * (pacing, 429s, the read-only profile, limits) is the transport's (lib/http/exchange.ts).
 */
import type { Check, CheckDefinition } from '../checks/check.ts';
import { RESPONSE_CHECKS } from '../checks/response-checks.ts';
import type { ExchangeRequest, Transport } from '../http/exchange.ts';
import type { HttpRequest } from '../http/http-client.ts';
import type { AnsweredExchange, Exchange } from '../model/exchange.ts';
import type { CreatedResource, Violation } from '../model/outcome.ts';
import type { Redactor } from '../redact/redactor.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import type { EventDecision, SseStreamResult } from '../sse/sse-reader.ts';
import type { SpecIndex } from '../spec/spec-index.ts';
import type { ContractCompiler } from '../validate/response-contract.ts';
import { CleanupStack } from './cleanup-stack.ts';
import { operationRequest, type CallOptions } from './operation-request.ts';
import type { Recorder } from './recorder.ts';
import type { RunContext } from './run-context.ts';
import { SkipSignal, TransportFailure } from './test-signals.ts';

/** What a test works with; the worker harness (lib/suite-kit/worker-harness.ts) in a run. */
export interface TestServices {
  readonly run: RunContext;
  readonly spec: SpecIndex;
  readonly contracts: ContractCompiler;
  readonly http: Transport;
  readonly redactor: Redactor;
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

export interface StreamOptions extends CallOptions {
  readonly onEvent?: (event: SseEvent) => EventDecision;
  readonly totalTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

export class ConformanceTestContext {
  readonly run: RunContext;
  readonly #services: TestServices;
  readonly #recorder: Recorder;
  readonly #cleanups = new CleanupStack();

  constructor(services: TestServices, recorder: Recorder) {
    this.#services = services;
    this.#recorder = recorder;
    this.run = services.run;
  }

  /**
   * Sends a request to a spec operation and applies the response checks to the answer (not to
   * a cleanup's). Throws TransportFailure when no answer came.
   */
  async call(operationId: string, options: CallOptions = {}): Promise<AnsweredExchange> {
    const request = operationRequest(this.run.target, this.#services.spec.operation(operationId), options, 'application/json');
    return (await this.#exchange(request)).exchange;
  }

  /**
   * Opens an SSE operation and reads it while it arrives, within the stream limits; `onEvent`
   * sees each event at once and may stop the read. The response checks are applied to the head
   * (status, content type) and to a body that is not a stream (an error before streaming).
   */
  async stream(operationId: string, options: StreamOptions = {}): Promise<StreamedExchange> {
    const { onEvent, totalTimeoutMs, signal, ...call } = options;
    const request = operationRequest(this.run.target, this.#services.spec.operation(operationId), call, 'text/event-stream');
    const reading = {
      totalTimeoutMs: totalTimeoutMs ?? this.run.streamTimeoutMs,
      ...(onEvent === undefined ? {} : { onEvent }),
      ...(signal === undefined ? {} : { signal }),
    };
    const { exchange, stream } = await this.#exchange({ ...request, stream: reading });
    if (stream === undefined) throw new Error(`${operationId}: the transport did not read the answer as a stream`);
    return { exchange, stream };
  }

  /** Sends a request as given (for paths outside the spec) and records it; no response checks. */
  async send(request: HttpRequest): Promise<AnsweredExchange> {
    return (await this.#exchange(request, false)).exchange;
  }

  async #exchange(request: ExchangeRequest, judged = request.operationId !== null): Promise<{ exchange: AnsweredExchange; stream?: SseStreamResult }> {
    const result = await this.#services.http.exchange(request);
    if (!result.sent) this.skip(result.reason);
    const { exchange, stream } = result;
    this.#recorder.noteExchange(
      exchange,
      stream === undefined || exchange.response === undefined
        ? undefined
        : { events: stream.events.length, ...(stream.firstEventMs === undefined ? {} : { firstEventMs: stream.firstEventMs }) },
    );
    if (exchange.response === undefined) throw new TransportFailure(exchange);
    const answered = exchange as AnsweredExchange;
    if (judged && exchange.operationId !== null && !this.#cleanups.running) {
      const contract = this.#services.contracts.contract(exchange.operationId);
      for (const check of RESPONSE_CHECKS) this.verify(check, { exchange: answered, contract });
    }
    // An hourly quota the plan did not foresee (another client spent it): the test cannot go on.
    if (result.quotaSpent !== undefined) this.skip(result.quotaSpent);
    return { exchange: answered, ...(stream === undefined ? {} : { stream }) };
  }

  /**
   * Applies a check and records its outcome, filed under the operation of the exchange it judged
   * (none for a check about the API as a whole); returns whether it passed.
   */
  verify<I>(check: Check<I>, input: I, judged: Exchange | undefined = exchangeIn(input)): boolean {
    const violations = check.evaluate(input);
    const evidence = violations[0]?.evidence ?? judged;
    this.#recorder.record({
      checkId: check.id,
      operation: judged?.operationId ?? null,
      status: violations.length === 0 ? 'passed' : 'failed',
      violations,
      ...(violations.length === 0 || evidence === undefined ? {} : { exchange: evidence }),
    });
    return violations.length === 0;
  }

  /**
   * Records the outcome of a property checked over generated inputs: passed after `runs` inputs,
   * or failed with the minimal (shrunk, then re-sent) counterexample, its exchange and the seed.
   */
  recordProperty(check: CheckDefinition, operation: string, result: PropertyResult): void {
    const { failure } = result;
    if (failure === undefined) {
      this.#recorder.record({ checkId: check.id, operation, status: 'passed', message: '' });
      return;
    }
    this.#recorder.record({
      checkId: check.id,
      operation,
      status: 'failed',
      violations: failure.violations,
      exchange: failure.exchange,
      seed: result.seed,
      counterexample: failure.counterexample,
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

  /** Registers the undoing of something the test created, on the line after creating it (lib/suite-kit/cleanup-stack.ts). */
  onCleanup(what: string, step: () => Promise<unknown>): void {
    this.#cleanups.add(what, step);
  }

  /** @internal Runs the registered cleanups. */
  runCleanups(): Promise<void> {
    return this.#cleanups.runAll((problem) => this.#recorder.cleanupProblem(problem));
  }

  /** Lists something the test created on the server, for the report. */
  noteCreated(resource: CreatedResource): void {
    this.#recorder.created(resource);
  }

  /** A value the server handed out that must never reach output (a minted token, a device code). */
  addSecret(value: string): void {
    this.#services.redactor.add(value);
  }

  /** Adds a step to a named timeline shown in the report. */
  note(timeline: string, label: string, detail: string): void {
    this.#recorder.note(timeline, label, detail);
  }

  /** The compiled response contract of an operation (for checks a test applies itself). */
  contract(operationId: string): ReturnType<ContractCompiler['contract']> {
    return this.#services.contracts.contract(operationId);
  }

  /** Schema errors of a value against a schema of openapi.yaml ('#/components/schemas/X') or a registered behaviour schema id. */
  schemaErrors(schemaRef: string, value: unknown): readonly string[] {
    return this.#services.contracts.validate(schemaRef, value);
  }

  /** Schema errors of a value against ErrorBody. */
  errorBodyErrors(value: unknown): readonly string[] {
    return this.#services.contracts.validate('#/components/schemas/ErrorBody', value);
  }
}

/** The exchange a check's input is, or carries as `exchange`: what it judged, unless the test says otherwise. */
function exchangeIn(input: unknown): Exchange | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  if ('request' in input && 'timings' in input) return input as Exchange;
  const carried = (input as { exchange?: unknown }).exchange;
  return typeof carried === 'object' && carried !== null && 'request' in carried ? (carried as Exchange) : undefined;
}
