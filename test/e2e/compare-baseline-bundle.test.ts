/**
 * Release-to-release comparison, waivers and the certification bundle, on
 * real result files from runs against a healthy and a faulty reference server.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../lib/results/compare.ts';
import { runCli, tempDir, type CliResult } from '../support/run-cli.ts';

let healthy: CliResult;
let faulty: CliResult;

beforeAll(async () => {
  [healthy, faulty] = await Promise.all([runCli(['run', 'meta']), runCli(['run', 'meta', '--fault', 'health-bad-body'])]);
}, 120_000);

describe('compare', () => {
  it('reports what newly fails after an upgrade, and exits 1', async () => {
    const dir = tempDir();
    const json = join(dir, 'comparison.json');
    const run = await runCli(['compare', join(healthy.reportDir, 'results.json'), join(faulty.reportDir, 'results.json'), '--json', json], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/verdict: REGRESSION/);
    const comparison = JSON.parse(readFileSync(json, 'utf8')) as Comparison;
    expect(comparison.newlyFailing.map((c) => `${c.id} ${c.operation ?? ''}`)).toContain('response.schema getHealth');
    expect(comparison.fixed).toEqual([]);
  });

  it('reports what was fixed, and exits 0', async () => {
    const run = await runCli(['compare', join(faulty.reportDir, 'results.json'), join(healthy.reportDir, 'results.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/fixed: [1-9]/);
    expect(run.stdout).toMatch(/response\.schema \(getHealth\): failed → passed/);
  });

  it('refuses a file that is not a results.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.json'), '{}');
    const run = await runCli(['compare', join(dir, 'x.json'), join(healthy.reportDir, 'results.json')], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--baseline', () => {
  const write = (waivers: unknown[]): string => {
    const dir = tempDir();
    const path = join(dir, 'waivers.json');
    writeFileSync(path, JSON.stringify({ waivers }));
    return path;
  };

  it('reports waived failures as waived, and the run passes', async () => {
    const baseline = write([
      { check: 'response.schema', operation: 'getHealth', reason: 'known: ok sent as a string' },
      { check: 'meta.health.ok', reason: 'same bug' },
    ]);
    const run = await runCli(['run', 'meta', '--fault', 'health-bad-body', '--baseline', baseline]);
    expect(run.code, run.stdout).toBe(0);
    const results = run.results();
    expect(
      results.checks
        .filter((c) => c.waived !== undefined)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['meta.health.ok', 'response.schema']);
    expect(results.summary.verdict).toBe('pass');
  });

  it('flags a stale waiver, and --strict-baseline fails the run for it', async () => {
    const baseline = write([{ check: 'auth.www-authenticate', reason: 'fixed long ago' }]);
    const lenient = await runCli(['run', 'meta', '--baseline', baseline]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/STALE waiver auth\.www-authenticate/);
    const strict = await runCli(['run', 'meta', '--baseline', baseline, '--strict-baseline']);
    expect(strict.code).toBe(1);
    expect(strict.results().waivers?.stale.map((w) => w.check)).toEqual(['auth.www-authenticate']);
  });

  it('an expired waiver no longer covers its failure', async () => {
    const baseline = write([
      { check: 'response.schema', operation: 'getHealth', reason: 'old', expires: '2020-01-01' },
      { check: 'meta.health.ok', reason: 'x' },
    ]);
    const run = await runCli(['run', 'meta', '--fault', 'health-bad-body', '--baseline', baseline]);
    expect(run.code).toBe(1);
    expect(run.results().waivers?.expired.map((w) => w.check)).toEqual(['response.schema']);
  });
});

describe('--bundle', () => {
  it('writes the reports, the redacted configuration, what was run and a manifest of sha256 sums', async () => {
    const dir = tempDir();
    const bundle = join(dir, 'bundle');
    const run = await runCli(['run', 'meta', '--bundle', bundle, '--seed', '1234'], { cwd: dir });
    expect(run.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
    expect(Object.keys(manifest.files).sort()).toEqual(['config.json', 'junit.xml', 'report.html', 'results.json', 'run.json']);
    for (const [name, sum] of Object.entries(manifest.files)) {
      expect(
        createHash('sha256')
          .update(readFileSync(join(bundle, name)))
          .digest('hex'),
        name,
      ).toBe(sum);
    }
    const runInfo = JSON.parse(readFileSync(join(bundle, 'run.json'), 'utf8')) as {
      openapiSha256: string;
      run: { seed: number };
      target: { serverVersion: unknown };
    };
    expect(runInfo.openapiSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runInfo.run.seed).toBe(1234);
    expect(runInfo.target.serverVersion).toMatchObject({ version: expect.any(String) });
  });

  it("carries a replay command that repeats the run's target, selection, faults and seed", async () => {
    const dir = tempDir();
    const bundle = join(dir, 'bundle');
    const first = await runCli(
      ['run', 'meta', 'auth', '--only', 'meta,auth.www-authenticate', '--fault', 'version-empty', '--seed', '77', '--bundle', bundle],
      { cwd: dir },
    );
    expect(first.code).toBe(1);
    const { replay, replayEnvironment } = JSON.parse(readFileSync(join(bundle, 'run.json'), 'utf8')) as { replay: string; replayEnvironment: string[] };
    expect(replay).toBe(
      'npx dify-conformance run --embedded --max-requests-per-minute 0 --fault version-empty --only meta,auth.www-authenticate --seed 77 meta auth',
    );
    expect(replayEnvironment).toEqual([]);
    expect(first.stdout).toContain(`replay: ${replay}`);
    const again = await runCli(replay.replace(/^npx dify-conformance /, '').split(' '), { cwd: tempDir() });
    const key = (r: CliResult): string[] => r.results().checks.map((c) => `${c.id} ${c.operation ?? ''} ${c.status}`);
    expect(again.code).toBe(1);
    expect(key(again)).toEqual(key(first));
    expect(again.results().run.seed).toBe(77);
  }, 120_000);
});

describe('--fail-on should', () => {
  let warned: CliResult;
  beforeAll(async () => {
    warned = await runCli(['run', 'meta', '--fault', 'version-rejects-bogus-bearer']);
  }, 120_000);

  it('without it a SHOULD failure is a warning: counted apart, the run passes', () => {
    expect(warned.code, warned.stdout).toBe(0);
    expect(warned.results().summary).toMatchObject({ failed: 0, verdict: 'pass', failOn: 'must' });
    expect(warned.results().summary.warnings).toBeGreaterThan(0);
    expect(warned.stdout).toMatch(/WARN {2}auth\.free\.bearer-ignored/);
    expect(readFileSync(join(warned.reportDir, 'report.html'), 'utf8')).toMatch(/data-status="warning"/);
  });

  it('with it (or DIFY_FAIL_ON=should) a SHOULD failure fails the run', async () => {
    const strict = await runCli(['run', 'meta', '--fault', 'version-rejects-bogus-bearer'], { env: { DIFY_FAIL_ON: 'should' } });
    expect(strict.code).toBe(1);
    expect(strict.results().summary).toMatchObject({ warnings: 0, verdict: 'fail', failOn: 'should' });
    expect(readFileSync(join(strict.reportDir, 'junit.xml'), 'utf8')).toContain('<failure type="SHOULD"');
  });

  it('compare decides a regression with the same rule', async () => {
    const clean = await runCli(['run', 'meta']);
    const args = ['compare', join(clean.reportDir, 'results.json'), join(warned.reportDir, 'results.json')];
    const lenient = await runCli(args);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/new warnings: [1-9]/);
    const strict = await runCli([...args, '--fail-on', 'should']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/verdict: REGRESSION .*fail-on should/);
  }, 120_000);
});
