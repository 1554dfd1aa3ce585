/**
 * --interactive: without a console session the run prints each device code
 * and waits for a person to approve or deny it in a browser. Here the test is
 * that person: it reads the prompts and answers them through the console API,
 * as the browser page would.
 */
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { runCli } from '../support/run-cli.ts';

describe('--interactive', () => {
  it('prints each device code, waits for the person, and the flow checks pass', async () => {
    const server = await startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 60 } });
    const answered: string[] = [];
    const person = (chunk: string): void => {
      for (const match of chunk.matchAll(/(APPROVE|DENY) the code ([A-Z0-9]{4}-[A-Z0-9]{4})/g)) {
        const [, decision = '', code = ''] = match;
        answered.push(`${decision} ${code}`);
        void fetch(`${server.baseUrl}/oauth/device/${decision === 'APPROVE' ? 'approve' : 'deny'}`, {
          method: 'POST',
          headers: { cookie: server.consoleCookie, 'x-csrf-token': server.csrfToken, 'content-type': 'application/json' },
          body: JSON.stringify({ user_code: code }),
        });
      }
    };
    try {
      const run = await runCli(['run', 'device-flow', 'sessions', '--interactive'], {
        env: { DIFY_BASE_URL: server.baseUrl, DIFY_TOKEN: server.token },
        onStderr: person,
      });
      expect(run.code, run.stdout).toBe(0);
      expect(answered.filter((a) => a.startsWith('APPROVE')).length).toBe(3);
      expect(answered.filter((a) => a.startsWith('DENY')).length).toBe(1);
      const results = run.results();
      for (const id of ['device.poll-approved-token', 'device.poll-denied', 'sessions.revoke-self', 'sessions.revoke-by-id']) {
        expect(results.checks.find((c) => c.id === id)?.status, id).toBe('passed');
      }
      expect(results.checks.find((c) => c.id === 'device.approve-resolved-409')?.status).toBe('skipped');
    } finally {
      await server.close();
    }
  });
});
