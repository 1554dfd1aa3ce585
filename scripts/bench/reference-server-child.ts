/**
 * The embedded reference server in a process of its own, so load generators
 * do not share its event loop. Reports its address, token and workspace as
 * one result line, then serves until SIGTERM.
 *   node --import tsx scripts/bench/reference-server-child.ts
 */
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { reportResult } from './child-result.ts';

export interface ReferenceServerInfo {
  readonly baseUrl: string;
  readonly token: string;
  readonly workspaceId: string;
}

// Rate limiting off (the default, said here because a limit would measure the limiter).
const server = await startReferenceServer({ rateLimitPerMinute: 0 });
const info: ReferenceServerInfo = { baseUrl: server.baseUrl, token: server.token, workspaceId: server.workspaceId };
reportResult(info);

process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
