/**
 * GET /account/sessions and revoking sessions by id. Revoking real sessions
 * belongs to the device-flow suite, which mints its own tokens; here only ids
 * that name nothing are revoked.
 */
import { describe } from 'vitest';
import { detailsNameParameter, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('sessions', () => {
  conformanceTest([successStatus], 'GET /account/sessions answers 200 with a page of sessions', async (t) => {
    const exchange = await t.call('listSessions');
    t.verify(successStatus, { exchange, expected: 200 }, 'listSessions', exchange);
  }, { operation: 'listSessions' });

  conformanceTest([rejectsInvalid, detailsNameParameter], 'GET /account/sessions?limit=0 answers 422 naming limit', async (t) => {
    const exchange = await t.call('listSessions', { query: { limit: 0 } });
    t.verify(rejectsInvalid, exchange, 'listSessions', exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'limit' }, 'listSessions', exchange);
  }, { operation: 'listSessions' });

  conformanceTest([unknownResource], 'DELETE /account/sessions/{id} answers 404 for a session that does not exist', async (t) => {
    const exchange = await t.call('revokeSession', { path: { session_id: unknownId() } });
    t.verify(unknownResource, exchange, 'revokeSession', exchange);
  }, { operation: 'revokeSession' });
});
