// GET /_health and GET /_version: auth-free; a bogus bearer is ignored
// (docs/server-behavior.md §10).
import { ApiError } from '../errors.ts';
import { sendJson, sendText } from '../http-io.ts';
import { sha256Hex } from '../ids.ts';
import { publicRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { Call } from '../runtime.ts';

function bearerIsLive(call: Call): boolean {
  const token = (call.req.headers.authorization ?? '').replace(/^bearer\s+/i, '').trim();
  return call.state.liveSessionByHash(sha256Hex(token), Date.now()) !== undefined;
}

function versionReported(call: Call): string {
  if (call.faults.has('version-empty')) return '';
  // A two-part version, as a build stamped from a release branch name would report.
  if (call.faults.has('version-not-semver')) return '1.11';
  return call.settings.version;
}

export const metaRoutes: readonly Route[] = [
  publicRoute('GET', '/_health', (call) => {
    if (call.faults.has('health-requires-auth') && call.req.headers.authorization === undefined) {
      throw new ApiError(401, 'bearer required');
    }
    const body = call.faults.has('health-bad-body') ? { ok: 'yes' } : { ok: true };
    if (call.faults.has('health-wrong-content-type')) {
      sendText(call.res, 200, 'text/plain; charset=utf-8', JSON.stringify(body));
      return;
    }
    sendJson(call.res, 200, body);
  }),
  publicRoute('GET', '/_version', (call) => {
    if (call.faults.has('version-requires-auth') && !bearerIsLive(call)) {
      throw new ApiError(401, call.req.headers.authorization === undefined ? 'bearer required' : 'Invalid or unknown bearer token.');
    }
    if (call.faults.has('version-rejects-bogus-bearer') && call.req.headers.authorization !== undefined && !bearerIsLive(call)) {
      throw new ApiError(401, 'Invalid or unknown bearer token.');
    }
    // An enterprise deployment is still self-hosted; EDITION only knows CLOUD and SELF_HOSTED.
    const edition = call.faults.has('version-bad-edition') ? 'ENTERPRISE' : 'SELF_HOSTED';
    sendJson(call.res, 200, { version: versionReported(call), edition });
  }),
];
