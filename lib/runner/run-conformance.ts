/**
 * A conformance run: resolve the target (start the embedded reference server
 * when no URL is configured), run the vitest suites under suites/ against it,
 * aggregate the records, write the reports.
 */
import { randomInt } from 'node:crypto';
import { writeReports } from '../report/write-reports.ts';
import { newRunId } from './run-id.ts';
import { resolve } from 'node:path';
import { findCheck } from '../checks/catalogue.ts';
import { ConfigError } from '../config/config-error.ts';
import { redactedConfig, type SuiteConfig } from '../config/load-config.ts';
import { Redactor } from '../redact/redactor.ts';
import { writeBundle } from '../report/bundle.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { startReferenceServer, type ReferenceServer } from '../reference-server/index.ts';
import { computeCoverage } from '../results/coverage.ts';
import { computeLatency } from '../results/latency.ts';
import { applyWaivers, type Waiver } from '../results/waivers.ts';
import { aggregate, RESULTS_SCHEMA_ID, type RunResults } from '../results/run-results.ts';
import { loadSpec } from '../spec/spec-index.ts';
import { COVERAGE_NOTES } from '../suite-kit/coverage-notes.ts';
import type { ConsoleIdentity, TargetInfo } from '../suite-kit/run-context.ts';
import { secretsOf } from '../suite-kit/run-context.ts';
import { embeddedServerOptions, embeddedTarget, requestsPerMinute, runContext, serverTarget, testTimeoutMs } from './run-plan.ts';
import { interruptSignal } from './interrupt.ts';
import { testNamePattern, type CheckSelection } from './check-selection.ts';
import { auditLeaks } from './leak-audit.ts';
import { startPacingServer } from './pacing-server.ts';
import { UNPACED } from '../http/pacing.ts';
import { checkConsoleIdentity, revokeIdentity } from './console-identity.ts';
import { countSpends, readSpent, recordSpent } from '../quota/quota-ledger.ts';
import { GRANT_ALL, planQuotas } from '../quota/quotas.ts';
import { preflight } from './preflight.ts';
import { colourAllowed, progressMode, ProgressPrinter } from './progress.ts';
import { suiteCommit, suiteVersion } from './suite-info.ts';
import { runSuites } from './suite-runner.ts';
import { planLine, planRequests, type PlanOptions } from './request-plan.ts';
import { selectSuiteFiles, shardOf } from './suite-files.ts';
import { FAULTS } from '../reference-server/faults.ts';

export interface RunOptions {
  readonly config: SuiteConfig;
  /** The checks the run judges: config.only and config.skip resolved against the catalogue. */
  readonly selection: CheckSelection;
  /** Directory that relative report paths are resolved against. */
  readonly cwd: string;
  /** vitest file filters (suite file names or parts of them). */
  readonly fileFilters?: readonly string[];
  /** Known failures to report as waived (--baseline), and whether stale or expired waivers fail the run. */
  readonly baseline?: { readonly file: string; readonly waivers: readonly Waiver[]; readonly strict: boolean };
  /** --interactive: a person approves device codes when no console session is configured. */
  readonly interactive?: boolean;
  /** Where to write the certification bundle (--bundle). */
  readonly bundleDir?: string;
}

export interface RunOutcome {
  readonly results: RunResults;
  readonly exitCode: 0 | 1;
  readonly reportPaths: readonly string[];
  readonly summary: string;
}

async function startEmbedded(config: SuiteConfig): Promise<ReferenceServer> {
  try {
    return await startReferenceServer(embeddedServerOptions(config));
  } catch (error) {
    if (error instanceof Error && /fault/i.test(error.message)) throw new ConfigError(`DIFY_REFERENCE_FAULTS: ${error.message}`);
    throw error;
  }
}

/** UUIDs as the real server mints them; rules about UUID-shaped ids hold only on servers whose ids look like this. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the ids GET /account shows (the account's, its workspaces') are UUIDs. */
function idsAreUuids(account: unknown): boolean {
  const body = account as { account?: { id?: unknown } | null; workspaces?: { id?: unknown }[] } | null;
  const ids = [body?.account?.id, ...(body?.workspaces ?? []).map((w) => w.id)].filter((id): id is string => typeof id === 'string');
  return ids.length > 0 && ids.every((id) => UUID.test(id));
}

export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const { config, selection } = options;
  const namePattern = testNamePattern(selection);
  const startedAt = new Date();
  // SIGINT/SIGTERM cancel the run; the leak audit and the reports still follow.
  const interrupted = interruptSignal();
  let server: ReferenceServer | undefined;
  let target: TargetInfo;
  let serverVersion: unknown;
  if (config.baseUrl === undefined) {
    server = await startEmbedded(config);
    target = embeddedTarget(server, config);
  } else {
    target = serverTarget(config.baseUrl, config);
  }
  const perMinute = requestsPerMinute(config, target);
  // One schedule of slots per token for the whole run: the run command's own requests and every worker's.
  const pacing = perMinute === 0 ? undefined : await startPacingServer(perMinute);
  // The files to run and what they cost, stated before the first request.
  const selectedFiles = selectSuiteFiles(options.fileFilters ?? []);
  const planOptions: PlanOptions = {
    requestsPerMinute: perMinute,
    concurrency: config.concurrency,
    ...(config.budget === undefined ? {} : { budget: config.budget }),
  };
  const plan = planRequests(config.shard === undefined ? selectedFiles : shardOf(selectedFiles, config.shard), planOptions, FAULTS);
  const limits = { requestTimeoutMs: config.requestTimeoutMs, maxResponseBytes: config.maxResponseBytes, pacer: pacing?.pacer ?? UNPACED };
  const ledgerScope = { baseUrl: target.baseUrl, consoleCookie: target.consoleCookie };
  let identity: ConsoleIdentity | undefined;

  try {
    const answer = await preflight(target.baseUrl, target.token, {
      pacer: limits.pacer,
      waitForServerSeconds: config.waitForServerSeconds,
      judgeRoot: !target.embedded,
    });
    serverVersion = answer.serverVersion;
    target = { ...target, workspaceId: target.workspaceId ?? answer.defaultWorkspaceId };
    const runId = newRunId();
    // A fresh embedded server has spent nothing; a server has spent what the ledger says.
    const quota = target.embedded ? GRANT_ALL : planQuotas(readSpent(config.quotaLedger, ledgerScope, Date.now()), Date.now());
    const identitySpends: { operation: string; status: number | null }[] = [];
    if (target.consoleCookie !== undefined && !interrupted.aborted) {
      if (config.profile === 'read-only') {
        identity = {
          kind: 'unavailable',
          reason: 'not sent in the read-only profile: checking the console session mints a token (POST requests); run with DIFY_PROFILE=full to check it',
        };
      } else if (quota.granted.includes('identity')) {
        const accountId = (answer.account as { account?: { id?: unknown } | null } | null)?.account?.id;
        const checked = await checkConsoleIdentity(target, runId, typeof accountId === 'string' ? accountId : undefined, limits);
        identitySpends.push(...checked.exchanges);
        identity = checked.outcome;
      } else {
        identity = { kind: 'unavailable', reason: quota.refused['identity'] ?? 'the console session could not be checked' };
      }
    }
    const run = runContext({
      runId,
      target,
      settings: config,
      interactive: options.interactive === true,
      seed: config.seed ?? randomInt(2 ** 31),
      ...(pacing === undefined ? {} : { pacingUrl: pacing.url }),
      idsAreUuids: idsAreUuids(answer.account),
      quota,
      ...(identity === undefined ? {} : { consoleIdentity: identity }),
    });
    const progress = new ProgressPrinter(process.stderr, progressMode(process.stderr, process.env), colourAllowed(process.stderr, process.env));
    progress.plan(planLine(plan, planOptions), plan.seconds);
    const output = interrupted.aborted
      ? { tests: [], suiteErrors: [] }
      : ((
          await runSuites([{ name: 'conformance', run, suites: plan.files }], {
            signal: interrupted,
            maxWorkers: config.concurrency,
            progress,
            ...(namePattern === undefined ? {} : { testNamePattern: namePattern }),
            narrowedBy: [
              ...((options.fileFilters ?? []).length > 0 ? [`file filters: ${(options.fileFilters ?? []).join(' ')}`] : []),
              ...(config.shard === undefined
                ? []
                : [`shard ${config.shard.index}/${config.shard.count}, which gets no suite file when there are fewer files than shards`]),
              ...(config.budget === undefined ? [] : [`a budget of ${config.budget} requests, which no suite file fits`]),
            ],
            testTimeoutMs: testTimeoutMs(config.streamTimeoutMs, { waitsOutRateLimits: true }),
          })
        ).get('conformance') ?? { tests: [], suiteErrors: [] });
    if (identity?.kind === 'matched') await revokeIdentity(target, identity.minted, limits);
    if (!target.embedded) {
      const spends = countSpends([...identitySpends, ...output.tests.flatMap((t) => t.record?.exchanges ?? [])]);
      recordSpent(config.quotaLedger, ledgerScope, spends, Date.now());
    }
    const leaks = run.profile === 'full' ? await auditLeaks(target, run.runId, target.workspaceId, limits) : [];
    const suiteErrors = [
      ...output.suiteErrors,
      ...(interrupted.aborted ? [{ where: 'run', message: 'the run was interrupted (SIGINT/SIGTERM); checks that did not finish are missing' }] : []),
    ];
    const aggregated = aggregate({ tests: output.tests, suiteErrors, lookup: findCheck, selected: (id) => selection.ids.has(id), failOn: config.failOn });
    const finishedAt = new Date();
    const unwaived: RunResults = {
      schema: RESULTS_SCHEMA_ID,
      suite: { name: 'dify-openapi-conformance', version: suiteVersion(), commit: suiteCommit() },
      target: {
        baseUrl: target.baseUrl,
        embedded: target.embedded,
        faults: config.referenceFaults,
        ...(target.embedded ? { referenceProfile: config.referenceProfile } : {}),
        serverVersion,
      },
      run: {
        runId: run.runId,
        profile: run.profile,
        seed: run.seed,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        ...(config.shard === undefined ? {} : { shard: config.shard }),
        ...(selection.all ? {} : { selection: { only: selection.only, skip: selection.skip, checks: selection.ids.size } }),
        ...((options.fileFilters ?? []).length === 0 ? {} : { files: options.fileFilters }),
        plan: { ...plan, sentRequests: aggregated.summary.exchanges },
      },
      config: redactedConfig(config),
      ...aggregated,
      coverage: computeCoverage(loadSpec(), aggregated.exchanges, COVERAGE_NOTES),
      latency: computeLatency(aggregated.exchanges, { concurrency: config.concurrency, maxRequestsPerMinute: perMinute }),
      leaks,
    };
    const results =
      options.baseline === undefined
        ? unwaived
        : applyWaivers(unwaived, options.baseline.waivers, options.baseline.file, options.baseline.strict, finishedAt.toISOString().slice(0, 10));
    const redactor = new Redactor(secretsOf(run));
    const written = await writeReports(results, resolve(options.cwd, config.reportDir), redactor);
    const reportPaths =
      options.bundleDir === undefined ? written : [...written, ...(await writeBundle(resolve(options.cwd, options.bundleDir), results, written))];
    return {
      results,
      exitCode: results.summary.verdict === 'pass' ? 0 : 1,
      reportPaths,
      summary: redactor.text(renderConsoleSummary(results, reportPaths)),
    };
  } finally {
    await pacing?.close();
    await server?.close();
  }
}
