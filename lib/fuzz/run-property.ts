/**
 * Runs one property against the server under test inside a conformance test:
 * fast-check draws inputs from the run's seed plus a stable per-property
 * offset, every input is sent through `t.call` (so the response checks judge
 * every answer), a failure is shrunk to a minimal input, and that input is
 * sent again before anything is reported.
 */
import fc from 'fast-check';
import type { CheckDefinition } from '../checks/check.ts';
import { acceptsValid, deviceBadRequest, noEcho, rejectsOutOfBounds } from '../checks/validation-checks.ts';
import { detailsNameParameter, rejectsInvalid } from '../checks/error-checks.ts';
import { noServerError } from '../checks/response-checks.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { SkipSignal, type AuthMode, type CallOptions, type ConformanceTestContext } from '../suite-kit/conformance-test.ts';
import { invalidCases, openCases, showRequest, validCases, validFields, type Fields, type FuzzRequest, type InvalidCase } from './fuzz-cases.ts';
import type { OperationModel } from './operation-models.ts';
import type { PropertyDefinition, PropertyKind } from './properties.ts';

export interface FuzzTarget {
  readonly path?: Readonly<Record<string, string>>;
  /** Values the fuzzer never changes (guarded query parameters), from fixtures. */
  readonly fixed?: Fields;
  /** The otherwise valid body that invalid inputs start from; omitted, they start from generated valid inputs. */
  readonly base?: Fields;
  readonly auth?: AuthMode;
  /** Sees every answer, e.g. to undo what a wrongly accepted input created. */
  readonly onAnswer?: (exchange: AnsweredExchange) => void;
}

/** A stable number per property (FNV-1a of its name), so each property draws its own inputs from the run's seed. */
export function seedOffset(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 1_000_003;
}

interface Property<C> {
  readonly check: CheckDefinition;
  readonly operation: string;
  readonly key: string;
  readonly maxRuns: number | undefined;
  readonly cases: fc.Arbitrary<C>;
  send(c: C): Promise<AnsweredExchange>;
  judge(c: C, exchange: AnsweredExchange): readonly Violation[];
  /** What made the input valid, invalid or open, for the failure message. */
  explain(c: C): string;
  show(c: C): string;
}

function rateLimited(operation: string): SkipSignal {
  return new SkipSignal(`the server rate-limited the fuzzing (429 on ${operation}); lower DIFY_MAX_REQUESTS_PER_MINUTE or DIFY_FUZZ_RUNS`);
}

async function runProperty<C>(t: ConformanceTestContext, p: Property<C>): Promise<void> {
  const seed = t.run.seed + seedOffset(p.key);
  const runs = Math.min(t.run.fuzzRuns, p.maxRuns ?? Number.POSITIVE_INFINITY);
  // A transport failure, a skip or a rate limit ends the property: fast-check must not shrink
  // on them, so the predicate passes from then on and the reason is rethrown afterwards.
  // fc.check is fc.assert without the throw: the shrunk counterexample comes back as a value.
  let stopped: unknown;
  const details = await fc.check(fc.asyncProperty(p.cases, async (c) => {
    if (stopped !== undefined) return true;
    try {
      const exchange = await p.send(c);
      if (exchange.response.status === 429) {
        stopped = rateLimited(p.operation);
        return true;
      }
      return p.judge(c, exchange).length === 0;
    } catch (error) {
      stopped = error;
      return true;
    }
  }), { numRuns: runs, seed });
  if (stopped !== undefined) throw stopped;
  if (!details.failed || details.counterexample === null) {
    t.recordProperty(p.check, p.operation, { seed, runs: details.numRuns });
    return;
  }
  const [minimal] = details.counterexample;
  const again = await p.send(minimal);
  if (again.response.status === 429) throw rateLimited(p.operation);
  const violations = p.judge(minimal, again);
  if (violations.length === 0) {
    // A server that answers the same input differently is neither conforming nor caught in a
    // deviation we can show: the verdict stays open, with the input to retry by hand.
    t.skipCheck(p.check, p.operation, `the counterexample ${p.show(minimal)} (seed ${seed}) did not reproduce on re-send: the first answer broke the rule, the second did not`);
    return;
  }
  t.recordProperty(p.check, p.operation, {
    seed,
    runs: details.numRuns,
    failure: {
      violations: violations.map((v) => ({ ...v, message: `${p.explain(minimal)}: ${v.message}` })),
      exchange: again,
      counterexample: p.show(minimal),
    },
  });
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

function explainInvalid(c: InvalidCase): string {
  return `${c.parameter}: ${c.form.label} (${c.form.level}: ${c.form.source})`;
}

function judgeInvalid(kind: Exclude<PropertyKind, 'valid' | 'open-forms'>, c: InvalidCase, exchange: AnsweredExchange): readonly Violation[] {
  switch (kind) {
    case 'rejects': return rejectsInvalid.evaluate(exchange);
    case 'out-of-bounds': return rejectsOutOfBounds.evaluate(exchange);
    case 'details': return detailsNameParameter.evaluate({ exchange, parameter: c.parameter });
    case 'no-echo': return noEcho.evaluate({ exchange, submitted: c.submitted });
    case 'bad-request': return deviceBadRequest.evaluate(exchange);
  }
}

/** Runs `property` of `model` against the target and records its outcome. */
export async function fuzzProperty(t: ConformanceTestContext, model: OperationModel, property: PropertyDefinition, target: FuzzTarget): Promise<void> {
  const fixed = target.fixed ?? {};
  const send = async (request: FuzzRequest): Promise<AnsweredExchange> => {
    const exchange = await t.call(model.operationId, callOptions(target, request));
    target.onAnswer?.(exchange);
    return exchange;
  };
  const kind = property.kind;
  const common = { check: property.check, operation: model.operationId, key: `${model.operationId} ${kind}`, maxRuns: model.plan.maxRuns };
  if (kind === 'valid') {
    return runProperty(t, {
      ...common,
      cases: validCases(model, fixed),
      send: (c) => send(c.request),
      judge: (c, exchange) => acceptsValid.evaluate({ exchange, expectation: c.namesNothing ? 'not-rejected' : 'success' }),
      explain: (c) => (c.namesNothing ? 'a valid input naming an object that does not exist' : 'a valid input'),
      show: (c) => showRequest(c.request),
    });
  }
  const base = target.base === undefined ? validFields(model).map((valid) => valid.fields) : fc.constant(target.base);
  if (kind === 'open-forms') {
    const contract = t.contract(model.operationId);
    return runProperty(t, {
      ...common,
      cases: openCases(model, base, fixed),
      send: (c) => send(c.request),
      judge: (_c, exchange) => noServerError.evaluate({ exchange, contract }),
      explain: (c) => `${c.form.parameter}: ${c.form.label} (either answer is acceptable, a server error is not)`,
      show: (c) => showRequest(c.request),
    });
  }
  return runProperty(t, {
    ...common,
    cases: invalidCases(model, base, fixed, property.forms),
    send: (c) => send(c.request),
    judge: (c, exchange) => judgeInvalid(kind, c, exchange),
    explain: explainInvalid,
    show: (c) => showRequest(c.request),
  });
}
