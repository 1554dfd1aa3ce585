/** GET /account/sessions, and revoking sessions: by ids that name nothing, and the run's own minted ones. */
import { describe } from 'vitest';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { decisionAccepted } from '../lib/checks/device-flow-checks.ts';
import { rejectsOutOfBounds } from '../lib/checks/validation-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import * as sessions from '../lib/checks/session-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { mintToken, type MintedToken } from '../lib/suite-kit/device-flow-driver.ts';
import { requirePurpose } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';
import { ownSessionId, sessionPages } from '../lib/suite-kit/session-rows.ts';

/**
 * The token the run minted before the workers started, checking that the console session belongs
 * to the token's account (lib/runner/console-identity.ts); minted here when a person approves codes.
 */
async function identityToken(t: ConformanceTestContext): Promise<MintedToken> {
  const identity = t.run.consoleIdentity;
  if (identity?.kind === 'matched') return { token: identity.minted.token, label: identity.minted.label, tokenId: undefined };
  if (identity?.kind === 'unavailable') return t.skip(identity.reason);
  return mintToken(t, 'self');
}

describe('sessions', () => {
  conformanceTest(
    [successStatus],
    'GET /account/sessions answers 200 with a page of sessions',
    async (t) => {
      const exchange = await t.call('listSessions');
      t.verify(successStatus, { exchange, expected: 200 });
    },
    { operation: 'listSessions' },
  );

  conformanceTest(
    [rejectsOutOfBounds, detailsNameParameter],
    'GET /account/sessions?limit=0 (below the bound of 1) answers 422 naming limit',
    async (t) => {
      const exchange = await t.call('listSessions', { query: { limit: 0 } });
      t.verify(rejectsOutOfBounds, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'limit' });
    },
    { operation: 'listSessions' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'GET /account/sessions?limit=abc (not an integer) answers 422 naming limit',
    async (t) => {
      const exchange = await t.call('listSessions', { query: { limit: 'abc' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'limit' });
    },
    { operation: 'listSessions' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'DELETE /account/sessions/{id} answers 404 for a session that does not exist',
    async (t) => {
      const exchange = await t.call('revokeSession', { path: { session_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'session' });
    },
    { operation: 'revokeSession' },
  );
});

/**
 * Sessions of tokens the run mints itself through the device flow: listed,
 * usable, revocable. The configured DIFY_TOKEN is never revoked; a session is
 * revoked by id only after its row was matched to the run's own device label.
 */
describe.concurrent('sessions of minted tokens', () => {
  conformanceTest(
    [
      sessions.mintedTokenWorks,
      sessions.mintedListed,
      sessions.prefixMatches,
      sessions.rowTimesIso,
      sessions.newestFirst,
      sessions.revokeSelf,
      sessions.revokeStatus,
      sessions.revokeAgainHarmless,
    ],
    'a minted token works, is listed newest first, and is refused right after it revokes itself',
    async (t) => {
      const minted = await identityToken(t);
      const account = await t.call('getAccount', { auth: { token: minted.token } });
      t.verify(sessions.mintedTokenWorks, account);

      const pages = await sessionPages(t, minted.label);
      const listInput = { pages, deviceLabel: minted.label, clientId: t.run.target.clientId, token: minted.token };
      t.verify(sessions.mintedListed, listInput, pages.at(-1));
      t.verify(sessions.prefixMatches, listInput, pages.at(-1));
      t.verify(sessions.rowTimesIso, listInput, pages.at(-1));
      const [first] = pages;
      if (first !== undefined) t.verify(sessions.newestFirst, first);

      const revoke = await t.call('revokeSelfSession', { auth: { token: minted.token } });
      const after = await t.call('getAccount', { auth: { token: minted.token } });
      t.verify(sessions.revokeSelf, { revoke, after }, revoke);
      t.verify(sessions.revokeStatus, revoke);

      const sessionId = ownSessionId(pages, minted.label);
      if (sessionId === undefined)
        return t.skipCheck(sessions.revokeAgainHarmless, 'revokeSession', 'the minted session was not listed, so it has no id to revoke again');
      const again = await t.call('revokeSession', { path: { session_id: sessionId } });
      t.verify(sessions.revokeAgainHarmless, again);
    },
    { operation: 'revokeSelfSession', timeoutMs: 120_000 },
  );

  conformanceTest(
    // Minting approves a code with the console session: device.decision-accepted judges that answer.
    [sessions.revokeById, sessions.revokedUnlisted, decisionAccepted],
    'revoking a minted session by id makes its token refused and its row unlisted',
    async (t) => {
      requirePurpose(t, 'session-by-id');
      const minted = await mintToken(t, 'by-id');
      const sessionId = ownSessionId(await sessionPages(t, minted.label), minted.label);
      if (sessionId === undefined) return t.skip('the minted session is not listed by GET /account/sessions (see sessions.minted-listed)');
      const revoke = await t.call('revokeSession', { path: { session_id: sessionId } });
      const after = await t.call('getAccount', { auth: { token: minted.token } });
      t.verify(sessions.revokeById, { revoke, after }, revoke);
      if (revoke.response.status !== 200)
        return t.skipCheck(sessions.revokedUnlisted, 'listSessions', 'the session was not revoked (see sessions.revoke-by-id)');
      const listed = await sessionPages(t, minted.label);
      t.verify(sessions.revokedUnlisted, { pages: listed, deviceLabel: minted.label }, listed.at(-1));
    },
    { operation: 'revokeSession', timeoutMs: 120_000 },
  );
});
