/**
 * The per-worker harness: the run context injected by the run command, the
 * spec and its compiled contracts, one HTTP client and the redactor. Built
 * once per worker process on first use.
 */
import { inject } from 'vitest';
import type { EvidenceOptions } from '../http/evidence.ts';
import { HttpClient } from '../http/http-client.ts';
import { RemotePacer, UNPACED } from '../http/pacing.ts';
import { DEFAULT_TRAFFIC } from '../http/traffic-control.ts';
import { Redactor } from '../redact/redactor.ts';
import { loadSpec, type SpecIndex } from '../spec/spec-index.ts';
import { ContractCompiler } from '../validate/response-contract.ts';
import { secretsOf, type RunContext } from './run-context.ts';

export interface WorkerHarness {
  readonly run: RunContext;
  readonly spec: SpecIndex;
  readonly contracts: ContractCompiler;
  readonly http: HttpClient;
  readonly redactor: Redactor;
  readonly evidence: EvidenceOptions;
}

// Keyed by run: with modules kept between files, one worker may serve the projects of several
// targets (the fault matrix), and each target needs its own client, redactor and fixtures.
const harnesses = new Map<string, WorkerHarness>();
let contracts: ContractCompiler | undefined;

export function workerHarness(): WorkerHarness {
  const run = inject('difyRun');
  if (run === undefined) {
    throw new Error('no run context: the suites are run by `npm run conformance` (or `dify-conformance run`), which configures the target');
  }
  const existing = harnesses.get(run.runId);
  if (existing !== undefined) return existing;
  const harness = buildHarness(run);
  harnesses.set(run.runId, harness);
  return harness;
}

/** A harness for one run, outside vitest too (the benchmarks drive the fuzzing path with it). */
export function buildHarness(run: RunContext): WorkerHarness {
  const spec = loadSpec();
  // Compiled validators depend only on openapi.yaml: one compiler serves every run of the process.
  contracts ??= new ContractCompiler(spec);
  const redactor = new Redactor(secretsOf(run));
  const shellVariables = new Map<string, string>([[run.target.token, 'DIFY_TOKEN']]);
  if (run.target.externalToken !== undefined) shellVariables.set(run.target.externalToken, 'DIFY_EXTERNAL_TOKEN');
  if (run.target.otherMemberToken !== undefined) shellVariables.set(run.target.otherMemberToken, 'DIFY_OTHER_MEMBER_TOKEN');
  if (run.target.consoleCookie !== undefined) shellVariables.set(run.target.consoleCookie, 'DIFY_CONSOLE_COOKIE');
  if (run.target.consoleCsrfToken !== undefined) shellVariables.set(run.target.consoleCsrfToken, 'DIFY_CONSOLE_CSRF_TOKEN');
  return {
    run,
    spec,
    contracts,
    http: new HttpClient({
      requestTimeoutMs: run.requestTimeoutMs,
      maxResponseBytes: run.maxResponseBytes,
      readOnly: run.profile === 'read-only',
      traffic: { ...DEFAULT_TRAFFIC, pacer: run.pacingUrl === undefined ? UNPACED : new RemotePacer(run.pacingUrl) },
    }),
    redactor,
    evidence: { redactor, shellVariables },
  };
}
