/**
 * Silent about secrets and careful with data (issue 09): no output of a run
 * carries a configured secret or a token, device code or cookie minted during
 * the run, also when failures print their exchanges; the read-only profile
 * sends only GET requests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceServer, type ReferenceServer } from '../../lib/reference-server/index.ts';
import { runCli, type CliResult } from '../support/run-cli.ts';

const DEVICE_FLOW = { intervalSeconds: 1, expiresInSeconds: 6 };

function envFor(server: ReferenceServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DIFY_BASE_URL: server.baseUrl,
    DIFY_TOKEN: server.token,
    DIFY_CONSOLE_COOKIE: server.consoleCookie,
    DIFY_CONSOLE_CSRF_TOKEN: server.csrfToken,
    DIFY_EXTERNAL_TOKEN: server.externalToken,
    DIFY_HITL_APP_ID: server.hitlAppId,
    ...extra,
  };
}

function everyOutput(run: CliResult): string {
  return [run.stdout, run.stderr, ...readdirSync(run.reportDir).map((f) => readFileSync(join(run.reportDir, f), 'utf8'))].join('\n');
}

function expectNoSecrets(output: string, server: ReferenceServer): void {
  const cookieValues = server.consoleCookie
    .split(';')
    .map((p) => p.split('=')[1]?.trim() ?? '')
    .filter((v) => v.length >= 6);
  for (const secret of [server.token, server.externalToken, server.csrfToken, server.consoleCookie, ...cookieValues]) {
    expect(output.includes(secret), `a configured secret (${secret.slice(0, 5)}…) appears in the output`).toBe(false);
  }
  // Tokens and device codes minted during the run were never configured: find them by shape.
  expect(output.match(/dfo[ae]_[A-Za-z0-9_-]{20,}/g) ?? []).toEqual([]);
  expect(output.match(/\bdc_[A-Za-z0-9_-]{20,}/g) ?? []).toEqual([]);
}

describe('secrets never reach any output', () => {
  it('a healthy run that mints tokens, with every secret configured', async () => {
    const server = await startReferenceServer({ deviceFlow: DEVICE_FLOW });
    try {
      const run = await runCli(['run'], { env: envFor(server) });
      expect(run.code, run.stdout).toBe(0);
      expect(run.results().timelines.length).toBeGreaterThan(0);
      expectNoSecrets(everyOutput(run), server);
    } finally {
      await server.close();
    }
  });

  it('a failing run whose reports print the failing exchanges', async () => {
    const server = await startReferenceServer({ deviceFlow: DEVICE_FLOW, faults: ['auth-wrong-scheme-accepted'] });
    try {
      const run = await runCli(['run', 'auth', 'device-flow', 'sessions'], { env: envFor(server) });
      expect(run.code).toBe(1);
      const failed = run.results().checks.filter((c) => c.status === 'failed');
      expect(failed.some((c) => c.details.some((d) => d.evidence !== undefined))).toBe(true);
      const output = everyOutput(run);
      expect(output).toContain('$DIFY_TOKEN');
      expectNoSecrets(output, server);
    } finally {
      await server.close();
    }
  });
});

describe('the read-only profile', () => {
  it('sends only GET requests, and still passes', async () => {
    const server = await startReferenceServer({ deviceFlow: DEVICE_FLOW });
    try {
      const run = await runCli(['run'], { env: envFor(server, { DIFY_PROFILE: 'read-only' }) });
      expect(run.code, run.stdout).toBe(0);
      const methods = new Set(server.requestLog.map((r) => r.method));
      expect([...methods]).toEqual(['GET']);
      expect(run.results().checks.some((c) => c.status === 'skipped' && /read-only profile/.test(c.message))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('an interrupted run', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: still writes its reports and leaves no session or member of its own behind`, async () => {
      const server = await startReferenceServer({ deviceFlow: DEVICE_FLOW });
      try {
        // Interrupted once a device code was approved: a token is minted, or about to be.
        const approved = (): boolean => server.requestLog.some((r) => r.method === 'POST' && r.path.endsWith('/oauth/device/approve'));
        const run = await runCli(['run'], { env: envFor(server), interrupt: { signal, when: approved } });
        const results = run.results();
        expect(run.code).toBe(1);
        expect(results.suiteErrors.some((e) => /interrupted/.test(e.message))).toBe(true);
        const label = `dify-conformance ${results.run.runId}`;
        const sessions = await fetch(`${server.baseUrl}/account/sessions?limit=200`, { headers: { authorization: `Bearer ${server.token}` } }).then(
          (r) => r.json() as Promise<{ data: { device_label: string }[] }>,
        );
        expect(sessions.data.filter((s) => s.device_label.startsWith(label))).toEqual([]);
        const members = await fetch(`${server.baseUrl}/workspaces/${server.workspaceId}/members?limit=200`, {
          headers: { authorization: `Bearer ${server.token}` },
        }).then((r) => r.json() as Promise<{ data: { email: string }[] }>);
        expect(members.data.filter((m) => m.email.includes(results.run.runId))).toEqual([]);
      } finally {
        await server.close();
      }
    });
  }
});

describe('no pile-up', () => {
  it('two runs in a row leave the same number of apps behind as one run', async () => {
    const server = await startReferenceServer({ deviceFlow: DEVICE_FLOW });
    const countApps = async (): Promise<number> => {
      const body = await fetch(`${server.baseUrl}/apps?workspace_id=${server.workspaceId}&limit=1`, {
        headers: { authorization: `Bearer ${server.token}` },
      }).then((r) => r.json() as Promise<{ total: number }>);
      return body.total;
    };
    try {
      const before = await countApps();
      const first = await runCli(['run', 'imports'], { env: envFor(server) });
      expect(first.code, first.stdout).toBe(0);
      const afterOne = await countApps();
      const second = await runCli(['run', 'imports'], { env: envFor(server) });
      expect(second.code, second.stdout).toBe(0);
      expect(afterOne).toBeGreaterThan(before);
      expect(await countApps()).toBe(afterOne);
      expect(
        second
          .results()
          .created.filter((c) => c.kind === 'app')
          .every((c) => c.fate === 'kept for reuse'),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });
});
