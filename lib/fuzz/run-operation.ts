/**
 * Fuzzes one operation against the server under test inside a conformance
 * test, in two phases. First the examples of every form (fuzz-cases.ts): the
 * boundaries of the valid forms, each invalid form once, each ambiguous form
 * once, the same in every run. Then up to DIFY_FUZZ_RUNS generated inputs,
 * drawn by fast-check from the run's seed plus a stable per-operation offset.
 * Every input is sent through `t.call` (so the response checks judge every
 * answer) and judged by every property it belongs to; an input no undecided
 * property would judge is not sent. A failing input is made minimal (a
 * combined example is narrowed to one parameter, a generated input is shrunk)
 * and sent again before anything is reported; each property reports its
 * first failure.
 */
import fc from 'fast-check';
import { detailsNameParameter, rejectsInvalid } from '../checks/error-checks.ts';
import { noServerError } from '../checks/response-checks.ts';
import { acceptsValid, deviceBadRequest, deviceMalformed400, noEcho, rejectsOutOfBounds } from '../checks/validation-checks.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { SkipSignal, type AuthMode, type CallOptions, type ConformanceTestContext } from '../suite-kit/conformance-test.ts';
import {
  exampleBase,
  invalidCases,
  invalidExamples,
  openCases,
  openExamples,
  showRequest,
  validCases,
  validExamples,
  validFields,
  type Fields,
  type FuzzCase,
  type FuzzRequest,
} from './fuzz-cases.ts';
import type { OperationModel } from './operation-models.ts';
import { judges, propertiesOf, type PropertyDefinition } from './properties.ts';
import { SHRINK_ACROSS } from './query-forms.ts';

export interface FuzzTarget {
  readonly path?: Readonly<Record<string, string>>;
  /** Values the fuzzer never changes (guarded query parameters), from fixtures. */
  readonly fixed?: Fields;
  /** The otherwise valid body that invalid inputs start from; omitted, they start from valid inputs of the model. */
  readonly base?: Fields;
  readonly auth?: AuthMode;
  /** Sees every answer, e.g. to undo what a wrongly accepted input created. */
  readonly onAnswer?: (exchange: AnsweredExchange) => void;
}

/** A stable number per operation (FNV-1a of its name), so each operation draws its own inputs from the run's seed. */
export function seedOffset(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 1_000_003;
}

function rateLimited(operation: string): SkipSignal {
  return new SkipSignal(`the server rate-limited the fuzzing (429 on ${operation}); lower DIFY_MAX_REQUESTS_PER_MINUTE or DIFY_FUZZ_RUNS`);
}

function callOptions(target: FuzzTarget, request: FuzzRequest): CallOptions {
  const common = {
    ...(target.path === undefined ? {} : { path: target.path }),
    ...(target.auth === undefined ? {} : { auth: target.auth }),
  };
  if (request.kind === 'query') return { ...common, query: request.text };
  if (request.kind === 'json') return { ...common, json: request.body };
  return { ...common, rawBody: request.text, contentType: 'application/json' };
}

/** What made the input valid, invalid or open, for the failure message. */
function explain(input: FuzzCase): string {
  switch (input.kind) {
    case 'valid':
      return input.mayBeRefused === undefined ? 'a valid input' : `a valid input (${input.mayBeRefused}, so only 422 or 5xx is wrong)`;
    case 'invalid':
      return `${input.parameter}: ${input.form.label} (${input.form.level}: ${input.form.source})`;
    case 'open':
      return `${input.form.parameter}: ${input.form.label} (either answer is acceptable, a server error is not)`;
  }
}

export async function fuzzOperation(t: ConformanceTestContext, model: OperationModel, target: FuzzTarget): Promise<void> {
  const operation = model.operationId;
  const properties = propertiesOf(model);
  const fixed = target.fixed ?? {};
  const seed = t.run.seed + seedOffset(operation);
  const contract = t.contract(operation);
  const runs = new Map<PropertyDefinition, number>(properties.map((p) => [p, 0]));
  const decided = new Set<PropertyDefinition>();
  const undecided = (input: FuzzCase): PropertyDefinition[] => properties.filter((p) => !decided.has(p) && judges(p, input));

  const send = async (request: FuzzRequest): Promise<AnsweredExchange> => {
    const exchange = await t.call(operation, callOptions(target, request));
    target.onAnswer?.(exchange);
    if (exchange.response.status === 429) throw rateLimited(operation);
    return exchange;
  };

  const judge = (p: PropertyDefinition, input: FuzzCase, exchange: AnsweredExchange): readonly Violation[] => {
    if (p.kind === 'valid')
      return acceptsValid.evaluate({ exchange, expectation: input.kind === 'valid' && input.mayBeRefused !== undefined ? 'not-rejected' : 'success' });
    if (p.kind === 'open-forms') return noServerError.evaluate({ exchange, contract });
    if (input.kind !== 'invalid') return [];
    switch (p.kind) {
      case 'rejects':
        return rejectsInvalid.evaluate(exchange);
      case 'out-of-bounds':
        return rejectsOutOfBounds.evaluate(exchange);
      case 'details':
        return detailsNameParameter.evaluate({ exchange, parameter: input.parameter });
      case 'no-echo':
        return noEcho.evaluate({ exchange, submitted: input.submitted });
      case 'bad-request':
        return deviceBadRequest.evaluate(exchange);
      case 'malformed-400':
        return deviceMalformed400.evaluate(exchange);
    }
  };

  /** Sends the candidates in turn; the first whose answer breaks `p` again is recorded as its failure. */
  const confirm = async (p: PropertyDefinition, failed: FuzzCase, candidates: readonly FuzzCase[]): Promise<void> => {
    decided.add(p);
    for (const candidate of candidates) {
      const again = await send(candidate.request);
      const violations = judge(p, candidate, again);
      if (violations.length === 0) continue;
      t.recordProperty(p.check, operation, {
        seed,
        runs: runs.get(p) ?? 0,
        failure: {
          violations: violations.map((v) => ({ ...v, message: `${explain(candidate)}: ${v.message}` })),
          exchange: again,
          counterexample: showRequest(candidate.request),
        },
      });
      return;
    }
    // A server that answers the same input differently is neither conforming nor caught in a
    // deviation we can show: the verdict stays open, with the input to retry by hand.
    t.skipCheck(
      p.check,
      operation,
      `the counterexample ${showRequest(failed.request)} (seed ${seed}) did not reproduce on re-send: the first answer broke the rule, the second did not`,
    );
  };

  // Phase 1: the examples, each sent once.
  const sendsAll = model.plan.sends === 'all';
  // Rules about UUID-shaped ids hold only where the server's ids are UUIDs (lib/runner/run-conformance.ts).
  const invalidForms = model.invalid.filter((form) => properties.some((p) => p.forms.includes(form)) && (t.run.idsAreUuids || form.uuidShaped !== true));
  const base = target.base ?? exampleBase(model);
  const examples: FuzzCase[] = [
    ...(sendsAll ? validExamples(model, fixed) : []),
    ...invalidExamples(model, base, fixed, invalidForms),
    ...(sendsAll ? openExamples(model, base, fixed) : []),
  ];
  for (const input of examples) {
    const judging = undecided(input);
    if (judging.length === 0) continue;
    const exchange = await send(input.request);
    for (const p of judging) {
      runs.set(p, (runs.get(p) ?? 0) + 1);
      if (judge(p, input, exchange).length > 0) await confirm(p, input, input.kind === 'valid' ? [...input.narrower, input] : [input]);
    }
  }

  // Phase 2: generated inputs for the properties still undecided.
  const open = properties.filter((p) => !decided.has(p));
  const generated = Math.min(t.run.fuzzRuns, model.plan.maxRuns ?? Number.POSITIVE_INFINITY);
  if (generated > 0 && open.length > 0) {
    const bases = target.base === undefined ? validFields(model).map((valid) => valid.fields) : fc.constant(target.base);
    const arbitraries: fc.Arbitrary<FuzzCase>[] = [];
    if (open.some((p) => p.kind === 'valid')) arbitraries.push(validCases(model, fixed));
    const forms = invalidForms.filter((form) => open.some((p) => p.forms.includes(form)));
    if (forms.length > 0) arbitraries.push(invalidCases(model, bases, fixed, forms));
    if (open.some((p) => p.kind === 'open-forms')) arbitraries.push(openCases(model, bases, fixed));
    // A transport failure, a skip or a rate limit ends the phase: fast-check must not shrink on
    // them, so the predicate passes from then on and the reason is rethrown afterwards. The
    // properties the first failing input broke are the ones shrinking keeps failing.
    let stopped: unknown;
    let broken: readonly PropertyDefinition[] | undefined;
    const details = await fc.check(
      fc.asyncProperty(fc.oneof(SHRINK_ACROSS, ...arbitraries), async (input) => {
        if (stopped !== undefined) return true;
        try {
          const exchange = await send(input.request);
          const judging = open.filter((p) => judges(p, input));
          const failing = judging.filter((p) => judge(p, input, exchange).length > 0);
          if (broken !== undefined) return !failing.some((p) => broken?.includes(p));
          for (const p of judging) runs.set(p, (runs.get(p) ?? 0) + 1);
          if (failing.length === 0) return true;
          broken = failing;
          return false;
        } catch (error) {
          stopped = error;
          return true;
        }
      }),
      { numRuns: generated, seed },
    );
    if (stopped !== undefined) throw stopped;
    const [minimal] = details.counterexample ?? [];
    if (details.failed && minimal !== undefined && broken !== undefined) {
      for (const p of broken) await confirm(p, minimal, [minimal]);
    }
  }

  for (const p of properties) {
    if (!decided.has(p)) t.recordProperty(p.check, operation, { seed, runs: runs.get(p) ?? 0 });
  }
}
