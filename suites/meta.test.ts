/**
 * Meta endpoints: GET /_health and GET /_version need no credentials, ignore a
 * bogus bearer, and answer their documented schemas; and no page of another
 * origin is let in to read the API.
 */
import { describe } from 'vitest';
import { healthOk, versionOk, versionSemver, authFreeBearerIgnored, authFreeNoBearerNeeded } from '../lib/checks/meta-checks.ts';
import { corsClosed } from '../lib/checks/security-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { BOGUS_BEARER } from '../lib/suite-kit/probe-values.ts';

// An origin no deployment allows (RFC 6761 reserves .invalid).
const FOREIGN_ORIGIN = 'https://dify-conformance.invalid';

describe('meta', () => {
  // The health read carries an Origin, as a browser's cross-origin fetch would: nothing else changes.
  conformanceTest(
    [healthOk, authFreeNoBearerNeeded, corsClosed],
    'GET /_health answers {"ok": true} without credentials, and grants no other origin access',
    async (t) => {
      const exchange = await t.call('getHealth', { auth: 'none', headers: { origin: FOREIGN_ORIGIN } });
      t.verify(authFreeNoBearerNeeded, exchange);
      t.verify(healthOk, exchange);
      t.verify(corsClosed, { exchange, origin: FOREIGN_ORIGIN });
    },
  );

  // The preflight a browser sends before an authenticated cross-origin read; it carries no credentials.
  conformanceTest([corsClosed], 'a CORS preflight for GET /account from another origin is not granted', async (t) => {
    const exchange = await t.send({
      operationId: null,
      method: 'OPTIONS',
      url: `${t.run.target.baseUrl}/account`,
      headers: { origin: FOREIGN_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    t.verify(corsClosed, { exchange, origin: FOREIGN_ORIGIN });
  });

  conformanceTest([authFreeBearerIgnored], 'GET /_health ignores an unknown bearer', async (t) => {
    const withoutBearer = await t.call('getHealth', { auth: 'none' });
    const withBogusBearer = await t.call('getHealth', { auth: { token: BOGUS_BEARER } });
    t.verify(authFreeBearerIgnored, { withoutBearer, withBogusBearer }, withBogusBearer);
  });

  conformanceTest(
    [versionOk, versionSemver, authFreeNoBearerNeeded],
    'GET /_version answers its version, a semantic version, without credentials',
    async (t) => {
      const exchange = await t.call('getVersion', { auth: 'none' });
      t.verify(authFreeNoBearerNeeded, exchange);
      t.verify(versionOk, exchange);
      t.verify(versionSemver, exchange);
    },
  );

  conformanceTest([authFreeBearerIgnored], 'GET /_version ignores an unknown bearer', async (t) => {
    const withoutBearer = await t.call('getVersion', { auth: 'none' });
    const withBogusBearer = await t.call('getVersion', { auth: { token: BOGUS_BEARER } });
    t.verify(authFreeBearerIgnored, { withoutBearer, withBogusBearer }, withBogusBearer);
  });
});
