/**
 * Collects what one suite test decided about its checks. Everything entering
 * the recorder is redacted here: it is the boundary between the worker, which
 * holds raw secrets, and the reports.
 */
import { toEvidence, type EvidenceOptions } from '../http/evidence.ts';
import type { Exchange } from '../model/exchange.ts';
import type { CheckOutcome, CreatedResource, ExchangeSummary, Outcome, TestRecord, TimelineEntry, Violation } from '../model/outcome.ts';

const MAX_KEPT_PER_KEY = 5;

export interface OutcomeInput {
  readonly checkId: string;
  readonly operation: string | null;
  readonly status: Outcome;
  readonly message?: string;
  readonly violations?: readonly Violation[];
  readonly exchange?: Exchange;
  readonly seed?: number;
  readonly counterexample?: string;
}

export class Recorder {
  readonly declared: readonly string[];
  readonly #evidence: EvidenceOptions;
  readonly #outcomes: CheckOutcome[] = [];
  readonly #passes = new Map<string, number>();
  readonly #kept = new Map<string, number>();
  readonly #exchanges: ExchangeSummary[] = [];
  readonly #decided = new Set<string>();
  readonly #timelines = new Map<string, TimelineEntry[]>();
  readonly #cleanupProblems: string[] = [];
  readonly #created: CreatedResource[] = [];
  readonly #started = performance.now();

  constructor(declared: readonly string[], evidence: EvidenceOptions) {
    this.declared = declared;
    this.#evidence = evidence;
  }

  record(input: OutcomeInput): void {
    this.#decided.add(input.checkId);
    const key = `${input.checkId}|${input.operation ?? ''}|${input.status}`;
    if (input.status === 'passed') {
      this.#passes.set(key, (this.#passes.get(key) ?? 0) + 1);
      return;
    }
    const kept = this.#kept.get(key) ?? 0;
    this.#kept.set(key, kept + 1);
    if (kept >= MAX_KEPT_PER_KEY) return;
    const redact = (text: string): string => this.#evidence.redactor.text(text);
    const first = input.violations?.[0];
    const message = input.message ?? input.violations?.map((v) => v.message).join('; ') ?? '';
    this.#outcomes.push({
      checkId: input.checkId,
      operation: input.operation,
      status: input.status,
      message: redact(message),
      ...(first?.expected === undefined ? {} : { expected: redact(first.expected) }),
      ...(first?.observed === undefined ? {} : { observed: redact(first.observed) }),
      ...(input.exchange === undefined ? {} : { evidence: toEvidence(input.exchange, this.#evidence) }),
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(input.counterexample === undefined ? {} : { counterexample: redact(input.counterexample) }),
    });
  }

  noteExchange(exchange: Exchange, stream?: { readonly firstEventMs?: number; readonly events: number }): void {
    this.#exchanges.push({
      operation: exchange.operationId,
      method: exchange.request.method,
      status: exchange.response?.status ?? null,
      ms: Math.round(exchange.timings.totalMs * 10) / 10,
      ...(stream === undefined ? {} : { events: stream.events }),
      ...(stream?.firstEventMs === undefined ? {} : { firstEventMs: Math.round(stream.firstEventMs * 10) / 10 }),
    });
  }

  /** Adds a step to a named timeline of this test. */
  note(timeline: string, label: string, detail: string): void {
    const entries = this.#timelines.get(timeline) ?? [];
    entries.push({ atMs: Math.round(performance.now() - this.#started), label, detail: this.#evidence.redactor.text(detail) });
    this.#timelines.set(timeline, entries);
  }

  created(resource: CreatedResource): void {
    this.#created.push({ ...resource, name: this.#evidence.redactor.text(resource.name) });
  }

  cleanupProblem(message: string): void {
    this.#cleanupProblems.push(this.#evidence.redactor.text(message));
  }

  isDecided(checkId: string): boolean {
    return this.#decided.has(checkId);
  }

  /** Gives every declared check that has no outcome yet the same outcome (a skip or an error that stopped the test). */
  settleUndecided(status: 'skipped' | 'errored', message: string, operation: string | null, exchange?: Exchange): void {
    for (const id of this.declared) {
      if (!this.isDecided(id)) this.record({ checkId: id, operation, status, message, ...(exchange === undefined ? {} : { exchange }) });
    }
  }

  outcomes(): readonly CheckOutcome[] {
    const passes: CheckOutcome[] = [...this.#passes].map(([key, count]) => {
      const [checkId = '', operation = ''] = key.split('|');
      return { checkId, operation: operation === '' ? null : operation, status: 'passed', message: '', count };
    });
    // Occurrences beyond the kept records are folded into the last kept record of their key.
    const lastIndex = new Map<string, number>();
    this.#outcomes.forEach((o, index) => lastIndex.set(`${o.checkId}|${o.operation ?? ''}|${o.status}`, index));
    const counted = this.#outcomes.map((o, index) => {
      const key = `${o.checkId}|${o.operation ?? ''}|${o.status}`;
      const dropped = (this.#kept.get(key) ?? 0) - MAX_KEPT_PER_KEY;
      return lastIndex.get(key) === index && dropped > 0 ? { ...o, count: 1 + dropped } : o;
    });
    return [...passes, ...counted];
  }

  toRecord(): TestRecord {
    return {
      declared: this.declared,
      outcomes: this.outcomes(),
      exchanges: this.#exchanges,
      ...(this.#timelines.size === 0 ? {} : { timelines: [...this.#timelines].map(([name, entries]) => ({ name, entries })) }),
      ...(this.#cleanupProblems.length === 0 ? {} : { cleanupProblems: this.#cleanupProblems }),
      ...(this.#created.length === 0 ? {} : { created: this.#created }),
    };
  }
}
