/**
 * Meta endpoints: GET /_health and GET /_version need no credentials, ignore a
 * bogus bearer, and answer their documented schemas.
 */
import { describe } from 'vitest';
import { healthOk, versionOk, authFreeBearerIgnored, authFreeNoBearerNeeded } from '../lib/checks/meta-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { BOGUS_BEARER } from '../lib/suite-kit/probe-values.ts';

describe('meta', () => {
  conformanceTest([healthOk, authFreeNoBearerNeeded], 'GET /_health answers {"ok": true} without credentials', async (t) => {
    const exchange = await t.call('getHealth', { auth: 'none' });
    t.verify(authFreeNoBearerNeeded, exchange);
    t.verify(healthOk, exchange);
  });

  conformanceTest([authFreeBearerIgnored], 'GET /_health ignores an unknown bearer', async (t) => {
    const withoutBearer = await t.call('getHealth', { auth: 'none' });
    const withBogusBearer = await t.call('getHealth', { auth: { token: BOGUS_BEARER } });
    t.verify(authFreeBearerIgnored, { withoutBearer, withBogusBearer }, withBogusBearer);
  });

  conformanceTest([versionOk, authFreeNoBearerNeeded], 'GET /_version answers its version without credentials', async (t) => {
    const exchange = await t.call('getVersion', { auth: 'none' });
    t.verify(authFreeNoBearerNeeded, exchange);
    t.verify(versionOk, exchange);
  });

  conformanceTest([authFreeBearerIgnored], 'GET /_version ignores an unknown bearer', async (t) => {
    const withoutBearer = await t.call('getVersion', { auth: 'none' });
    const withBogusBearer = await t.call('getVersion', { auth: { token: BOGUS_BEARER } });
    t.verify(authFreeBearerIgnored, { withoutBearer, withBogusBearer }, withBogusBearer);
  });
});
