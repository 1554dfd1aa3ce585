/**
 * The suite proves itself: it runs against one reference server per named
 * fault, all in one vitest instance (one project per fault), plus a healthy
 * server, and reports for every fault which checks caught it. A fault that no
 * check it names catches is a gap in the suite.
 */
import { randomInt } from 'node:crypto';
import { findCheck } from '../checks/catalogue.ts';
import type { FaultDefinition } from '../reference-server/faults.ts';
import { startReferenceServer, type ReferenceServer } from '../reference-server/index.ts';
import { aggregate } from '../results/run-results.ts';
import type { RunContext } from '../suite-kit/run-context.ts';
import { GRANT_ALL } from '../quota/quotas.ts';
import {
  defaultRunSettings,
  embeddedServerOptions,
  embeddedTarget,
  FAULT_MATRIX_STREAM_TIMEOUT_MS,
  runContext,
  testTimeoutMs,
  unconfiguredTarget,
} from './run-plan.ts';
import { suiteChecksDrift, suiteChecksOf, suitesDeclaring, type SuiteChecks } from './suite-checks.ts';
import { runSuites, type SuiteTarget } from './suite-runner.ts';

export interface MatrixRow {
  readonly fault: string;
  readonly area: string;
  /** The checks the catalogue says must catch the fault. */
  readonly expected: readonly string[];
  /** Every check that failed under the fault. */
  readonly failed: readonly string[];
  /** Expected checks that did not fail: gaps. */
  readonly missed: readonly string[];
  /** Checks that errored under the fault (the suite could not decide). */
  readonly errored: readonly string[];
}

export interface FaultMatrix {
  readonly rows: readonly MatrixRow[];
  /** Checks that failed or errored against the healthy server (must be none). */
  readonly healthyProblems: readonly string[];
  readonly durationMs: number;
  readonly seed: number;
  readonly scope: 'full' | 'area';
  /** The checks each suite declared against the healthy server (what suite-checks.json should say). */
  readonly suiteChecks: SuiteChecks;
}

export interface FaultMatrixOptions {
  readonly faults: readonly FaultDefinition[];
  readonly maxWorkers: number;
  readonly seed?: number;
  /**
   * 'full' runs every suite against every fault; 'area' runs, for each fault, the suites that
   * declare the checks that must catch it (lib/runner/suite-checks.json; much faster, what npm
   * test uses). The healthy server always gets all.
   */
  readonly scope: 'full' | 'area';
  /** The map of suites to checks the area scope reads; a healthy run that disagrees with it is a problem. */
  readonly suiteChecks: SuiteChecks;
  /** The run rewrites the map, so its disagreement with the healthy run is no problem. */
  readonly refreshingSuiteChecks?: boolean;
}

const HEALTHY = 'healthy';

/**
 * The tests that declare any of `checks`: conformanceTest names each test after the checks it
 * declares (`[id id …] title`), and a check can only fail in a test that declares it.
 */
function declaringTests(checks: readonly string[]): RegExp {
  const ids = checks.map((id) => id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
  return new RegExp(`\\[(?:[^\\]]* )?(?:${ids})(?: [^\\]]*)?\\]`);
}
/** The expiry check waits a device code's whole lifetime; only the faults that target it need it. */
const EXPIRY_CHECK = 'device.code-expires';
/**
 * Generated inputs per fuzzed operation: the default against the healthy server and the validation
 * faults the fuzzing targets, none elsewhere (the fuzzing still sends its examples there, and every
 * other check is applied in full).
 */
const LIGHT_FUZZ_RUNS = 0;

function matrixRun(server: ReferenceServer, seed: number, overrides: { readonly expiryWait: boolean; readonly fullFuzzing: boolean }): RunContext {
  const defaults = defaultRunSettings();
  return runContext({
    target: { ...embeddedTarget(server, unconfiguredTarget()), workspaceId: server.workspaceId },
    settings: {
      ...defaults,
      streamTimeoutMs: FAULT_MATRIX_STREAM_TIMEOUT_MS,
      fuzzRuns: overrides.fullFuzzing ? defaults.fuzzRuns : LIGHT_FUZZ_RUNS,
      deviceExpiryWaitSeconds: overrides.expiryWait ? defaults.deviceExpiryWaitSeconds : 0,
    },
    seed,
    idsAreUuids: true,
    quota: GRANT_ALL,
  });
}

export async function runFaultMatrix(options: FaultMatrixOptions): Promise<FaultMatrix> {
  const started = Date.now();
  const seed = options.seed ?? randomInt(2 ** 31);
  const servers: ReferenceServer[] = [];
  try {
    const targets: SuiteTarget[] = [];
    const healthy = await startReferenceServer(embeddedServerOptions({ referenceFaults: [], referenceProfile: 'ideal' }));
    servers.push(healthy);
    targets.push({ name: HEALTHY, run: matrixRun(healthy, seed, { expiryWait: true, fullFuzzing: true }) });
    for (const fault of options.faults) {
      const server = await startReferenceServer(embeddedServerOptions({ referenceFaults: [fault.name], referenceProfile: 'ideal' }));
      servers.push(server);
      const declaring = suitesDeclaring(options.suiteChecks, fault.caughtBy);
      // A fault whose checks no suite is known to declare gets every suite.
      const suites = options.scope === 'area' && declaring.length > 0 ? declaring : undefined;
      targets.push({
        name: fault.name,
        run: matrixRun(server, seed, { expiryWait: fault.caughtBy.includes(EXPIRY_CHECK), fullFuzzing: fault.area === 'validation' }),
        ...(suites === undefined ? {} : { suites, testNamePattern: declaringTests(fault.caughtBy) }),
      });
    }
    const outputs = await runSuites(targets, {
      maxWorkers: options.maxWorkers,
      testTimeoutMs: testTimeoutMs(FAULT_MATRIX_STREAM_TIMEOUT_MS, { waitsOutRateLimits: false }),
    });
    const resultsOf = (name: string) => {
      const output = outputs.get(name) ?? { tests: [], suiteErrors: [{ where: name, message: 'no output' }] };
      return aggregate({ tests: output.tests, suiteErrors: output.suiteErrors, lookup: findCheck });
    };
    const healthyResults = resultsOf(HEALTHY);
    const healthyOutput = outputs.get(HEALTHY);
    const suiteChecks = suiteChecksOf(healthyOutput?.tests ?? []);
    const drift =
      options.refreshingSuiteChecks === true || (healthyOutput?.suiteErrors.length ?? 1) > 0 ? [] : suiteChecksDrift(options.suiteChecks, suiteChecks);
    const healthyProblems = [
      ...drift.map(
        (line) =>
          `lib/runner/suite-checks.json is out of date (${line}); rewrite it with dify-conformance fault-matrix --write-suite-checks (npm run fault-matrix does)`,
      ),
      ...healthyResults.checks
        .filter((c) => c.status === 'failed' || c.status === 'errored')
        .map((c) => `${c.id}${c.operation === null ? '' : ` (${c.operation})`} ${c.status}: ${c.message}`),
      ...healthyResults.suiteErrors.map((e) => `suite error ${e.where}: ${e.message}`),
    ];
    const rows = options.faults.map((fault): MatrixRow => {
      const results = resultsOf(fault.name);
      const failed = [...new Set(results.checks.filter((c) => c.status === 'failed').map((c) => c.id))].sort();
      const errored = [...new Set(results.checks.filter((c) => c.status === 'errored').map((c) => c.id))].sort();
      return { fault: fault.name, area: fault.area, expected: fault.caughtBy, failed, missed: fault.caughtBy.filter((id) => !failed.includes(id)), errored };
    });
    return { rows, healthyProblems, durationMs: Date.now() - started, seed, scope: options.scope, suiteChecks };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

export function renderFaultMatrix(matrix: FaultMatrix, when: string): string {
  const caught = matrix.rows.filter((r) => r.missed.length === 0).length;
  const lines = [
    '# Fault matrix',
    '',
    '<!-- Generated by `npm run fault-matrix` from a run of the suite against every fault; do not edit by hand. -->',
    '',
    `Run ${when} (${matrix.scope === 'full' ? 'every suite against every fault' : 'for each fault the suites that declare its checks'}): ${matrix.rows.length} faults, ${caught} caught by every check the catalogue names; healthy server: ${matrix.healthyProblems.length === 0 ? 'no failure' : `${matrix.healthyProblems.length} problem(s)`}. ${(matrix.durationMs / 1000).toFixed(0)} s for all runs in one process (seed ${matrix.seed}).`,
    '',
    '| fault | area | must be caught by | caught | every check that failed |',
    '| --- | --- | --- | --- | --- |',
    ...matrix.rows.map(
      (r) =>
        `| \`${r.fault}\` | ${r.area} | ${r.expected.map((id) => `\`${id}\``).join(', ')} | ${r.missed.length === 0 ? 'yes' : `**no**: ${r.missed.join(', ')}`} | ${r.failed.map((id) => `\`${id}\``).join(', ')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
