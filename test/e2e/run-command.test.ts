/**
 * The run command end to end, as a user runs it: against the embedded
 * reference server it passes and writes the three reports; misconfigurations
 * end with one line on stderr and exit status 2.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { BOGUS_BEARER } from '../../lib/suite-kit/probe-values.ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli, ROOT, tempDir } from '../support/run-cli.ts';

const validateResults = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'docs/results.schema.json'), 'utf8')) as object);

describe('dify-conformance run against the embedded reference server', () => {
  it('ends with zero failures and writes results.json, junit.xml and report.html', async () => {
    const run = await runCli(['run']);
    const results = run.results();
    const problems = results.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((c) => `${c.id} ${c.operation ?? ''}: ${c.message}`);
    expect(problems).toEqual([]);
    expect(results.suiteErrors).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
    expect(results.summary.failed).toBe(0);
    expect(results.summary.errored).toBe(0);
    expect(results.summary.passed).toBeGreaterThan(100);
    expect(results.target.embedded).toBe(true);
    expect(validateResults(results), JSON.stringify(validateResults.errors)).toBe(true);
    for (const file of ['results.json', 'junit.xml', 'report.html']) expect(existsSync(join(run.reportDir, file)), file).toBe(true);
    expect(readFileSync(join(run.reportDir, 'junit.xml'), 'utf8')).toMatch(/<testsuites name="dify-conformance" tests="\d+" failures="0" errors="0"/);
    expect(readFileSync(join(run.reportDir, 'report.html'), 'utf8')).toContain('id="verdict">PASS<');
    expect(run.stdout).toMatch(/verdict: PASS/);
    // Not a terminal: the plan first, then one plain line per suite file on stderr, no live line, no colour.
    expect(run.stderr.split('\n')[0]).toMatch(/^plan: \d+ suite file\(s\), about \d+ requests, about \d+ s unpaced$/);
    const suiteFiles = new Set(results.exchanges.length > 0 ? readdirSync(join(ROOT, 'suites')).filter((f) => f.endsWith('.test.ts')) : []);
    const progressLines = run.stderr.split('\n').filter((l) => /^\[\s*\d+\.\d s(?: of ~\d+ s)?\] ( ok |WARN|FAIL) [a-z-]+: \d+ test\(s\)/.test(l));
    expect(progressLines).toHaveLength(suiteFiles.size);
    expect(run.stderr).not.toContain('\x1b');
    expect(results.latency.overall?.count).toBe(results.summary.exchanges - results.latency.unanswered);
    expect(results.latency.firstEvent.map((r) => r.operation)).toContain('runApp');
  });
});

describe('a run that checks nothing', () => {
  it('is a suite error, never a pass (an empty shard); a suite file that does not exist is a usage error', async () => {
    const run = await runCli(['run', 'meta', '--shard', '2/2']);
    expect(run.code).toBe(1);
    expect(run.results().suiteErrors[0]?.message).toMatch(/no suite test ran \(file filters: meta; shard 2\/2, which gets no suite file/);
    const missing = await runCli(['run', 'no-such-suite-file']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no suite file matches "no-such-suite-file"/);
  });
});

describe('misconfiguration: one line on stderr, exit status 2', () => {
  const oneLine = (text: string): void => {
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toMatch(/^dify-conformance: /);
  };

  it('an unreachable DIFY_BASE_URL is reported within 15 seconds', async () => {
    const run = await runCli(['run'], { env: { DIFY_BASE_URL: 'http://127.0.0.1:9/openapi/v1', DIFY_TOKEN: 'dfoa_notarealtoken' } });
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(15_000);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/cannot reach DIFY_BASE_URL http:\/\/127\.0\.0\.1:9\/openapi\/v1/);
  });

  it('DIFY_BASE_URL without DIFY_TOKEN', async () => {
    const run = await runCli(['run'], { env: { DIFY_BASE_URL: 'http://127.0.0.1:9/openapi/v1' } });
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/DIFY_TOKEN is not set/);
  });

  it('a malformed value in .env names the variable and the file', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'DIFY_FUZZ_RUNS=lots\n');
    const run = await runCli(['run'], { cwd });
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/DIFY_FUZZ_RUNS \(\.env file\) must be a whole number \(0 or more\), got "lots"/);
  });

  it('a URL that is not http(s)', async () => {
    const run = await runCli(['run', '--base-url', 'ftp://example.com/openapi/v1', '--token', 'dfoa_x']);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/--base-url must be an http or https URL/);
  });

  it('an unknown option', async () => {
    const run = await runCli(['run', '--colour', 'red']);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/unknown option --colour/);
  });

  it('an unknown fault name', async () => {
    const run = await runCli(['run', '--fault', 'no-such-fault']);
    expect(run.code).toBe(2);
    oneLine(run.stderr);
    expect(run.stderr).toMatch(/no-such-fault/);
  });

  it('a token the server rejects', async () => {
    const server = await startReferenceServer();
    try {
      const run = await runCli(['run'], { env: { DIFY_BASE_URL: server.baseUrl, DIFY_TOKEN: BOGUS_BEARER } });
      expect(run.code).toBe(2);
      oneLine(run.stderr);
      expect(run.stderr).toMatch(/DIFY_TOKEN was rejected/);
    } finally {
      await server.close();
    }
  });
});

describe('dify-conformance run against a server given by DIFY_BASE_URL', () => {
  it('runs the same suites against it and passes', async () => {
    const server = await startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 8 } });
    try {
      const run = await runCli(['run'], { env: { DIFY_BASE_URL: server.baseUrl, DIFY_TOKEN: server.token } });
      expect(run.code, run.stdout).toBe(0);
      const results = run.results();
      expect(results.target.embedded).toBe(false);
      expect(results.target.baseUrl).toBe(server.baseUrl);
      expect(JSON.stringify(results)).not.toContain(server.token);
      expect(run.stdout).not.toContain(server.token);
    } finally {
      await server.close();
    }
  });
});
