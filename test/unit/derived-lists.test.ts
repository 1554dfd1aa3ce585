/**
 * Lists the harness derives instead of keeping by hand: from openapi.yaml (runnable modes, list
 * operations, the Enterprise-only surface), from the settings table (the run plan's defaults,
 * secrets) and from the suites (which suite declares which checks).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESPONSE_CHECKS } from '../../lib/checks/response-checks.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { FAULTS } from '../../lib/reference-server/faults.ts';
import { defaultRunSettings, FAULT_MATRIX_STREAM_TIMEOUT_MS, testTimeoutMs } from '../../lib/runner/run-plan.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';
import { readSuiteChecks, suitesDeclaring } from '../../lib/runner/suite-checks.ts';
import { runnableAppModes } from '../../lib/spec/app-modes.ts';
import { loadSpec, pagedOperations, pointerSegments, resolvePointer } from '../../lib/spec/spec-index.ts';
import { secretsOf, type RunContext } from '../../lib/suite-kit/run-context.ts';

describe('lists derived from openapi.yaml', () => {
  const spec = loadSpec();

  it("runnable modes are runApp's x-dify-runnable-modes, all of them AppMode values, each configurable by a setting", () => {
    expect(runnableAppModes(spec)).toEqual(['workflow', 'advanced-chat', 'chat', 'completion', 'agent-chat']);
    expect(SETTINGS.flatMap((s) => (s.appMode === undefined ? [] : [s.appMode])).sort()).toEqual([...runnableAppModes(spec)].sort());
  });

  it('list operations are those with page and limit query parameters', () => {
    expect(pagedOperations(spec).map((o) => o.operationId)).toEqual(['listSessions', 'listApps', 'listPermittedExternalApps', 'listMembers']);
  });

  it('the Enterprise-only operations are those marked x-dify-edition: enterprise', () => {
    expect(spec.operations.filter((o) => o.enterpriseOnly).map((o) => o.operationId)).toEqual(['listPermittedExternalApps']);
  });

  it('resolves JSON pointers with ~0 and ~1 escapes, and nothing through the prototype', () => {
    expect(pointerSegments('#/paths/~1apps~1{app_id}/a~0b')).toEqual(['paths', '/apps/{app_id}', 'a~b']);
    expect(resolvePointer(spec.document, '#/paths/~1apps/get/operationId')).toBe('listApps');
    expect(resolvePointer(spec.document, '#/paths/constructor')).toBeUndefined();
  });
});

describe('the run plan', () => {
  it('takes its defaults from the settings table', () => {
    const defaults = defaultRunSettings();
    for (const key of ['fuzzRuns', 'requestTimeoutMs', 'streamTimeoutMs', 'deviceExpiryWaitSeconds', 'maxResponseBytes', 'profile'] as const) {
      expect(String(defaults[key])).toBe(SETTINGS.find((s) => s.key === key)?.defaultValue);
    }
  });

  it('gives the fault matrix a backstop above its stream limit', () => {
    expect(testTimeoutMs(FAULT_MATRIX_STREAM_TIMEOUT_MS, { waitsOutRateLimits: false })).toBeGreaterThan(FAULT_MATRIX_STREAM_TIMEOUT_MS);
  });

  it('redacts every secret setting of the target', () => {
    const target = { token: 'dfoa_t', consoleCookie: 'c=1', consoleCsrfToken: 'csrf', externalToken: 'dfoe_x', baseUrl: 'http://x', clientId: 'difyctl' };
    const run = { target, consoleIdentity: { kind: 'matched', minted: { token: 'dfoa_minted', label: 'l' } } } as unknown as RunContext;
    expect(secretsOf(run)).toEqual(['dfoa_t', 'c=1', 'csrf', 'dfoe_x', 'dfoa_minted']);
  });
});

describe('which suite declares which checks (lib/runner/suite-checks.json)', () => {
  const map = readSuiteChecks();

  it('names every suite file', () => {
    const files = readdirSync(join(PACKAGE_ROOT, 'suites'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.test\.ts$/, ''))
      .sort();
    expect(Object.keys(map).sort()).toEqual(files);
  });

  it('gives every fault a suite that declares a check that must catch it, unless it is caught by the response checks every call applies', () => {
    const implicit = new Set<string>(RESPONSE_CHECKS.map((c) => c.id));
    const orphans = FAULTS.filter((f) => suitesDeclaring(map, f.caughtBy).length === 0 && !f.caughtBy.every((id) => implicit.has(id))).map((f) => f.name);
    expect(orphans).toEqual([]);
  });
});
