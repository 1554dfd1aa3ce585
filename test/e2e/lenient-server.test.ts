/**
 * No false verdicts (principle 2, issue 03): against a server whose success
 * answers carry undocumented properties and send optional properties as null
 * or not at all, no response, error or auth check fails. Checks that need an
 * optional field to go on are skipped, never failed.
 */
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { startLenientProxy } from '../support/lenient-proxy.ts';
import { runCli } from '../support/run-cli.ts';

describe('a server that uses everything the spec allows', () => {
  it('fails no response-conformance check', async () => {
    const server = await startReferenceServer({ deviceFlow: { intervalSeconds: 1, expiresInSeconds: 6 } });
    const proxy = await startLenientProxy(server.baseUrl);
    try {
      const run = await runCli(['run', '--fuzz-runs', '3'], {
        env: {
          DIFY_BASE_URL: proxy.baseUrl,
          DIFY_TOKEN: server.token,
          DIFY_WORKSPACE_ID: server.workspaceId,
          DIFY_CONSOLE_COOKIE: server.consoleCookie,
          DIFY_CONSOLE_CSRF_TOKEN: server.csrfToken,
          DIFY_HITL_APP_ID: server.hitlAppId,
          DIFY_APP_ID_WORKFLOW: server.appIds.workflow,
          DIFY_APP_ID_CHAT: server.appIds.chat,
          DIFY_APP_ID_ADVANCED_CHAT: server.appIds['advanced-chat'],
          DIFY_APP_ID_COMPLETION: server.appIds.completion,
          DIFY_APP_ID_AGENT_CHAT: server.appIds['agent-chat'],
        },
      });
      const results = run.results();
      const conformance = /^(response|error|routing|auth|meta)\./;
      const failed = results.checks
        .filter((c) => conformance.test(c.id) && (c.status === 'failed' || c.status === 'errored'))
        .map((c) => `${c.id} ${c.operation ?? ''}: ${c.message}`);
      expect(failed).toEqual([]);
      expect(results.summary.exchanges).toBeGreaterThan(100);
    } finally {
      await proxy.close();
      await server.close();
    }
  });
});
