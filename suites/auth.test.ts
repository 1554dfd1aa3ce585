/**
 * Bearer authentication of every protected operation: missing, malformed and
 * unknown credentials are refused with 401 (and WWW-Authenticate: Bearer)
 * before the server looks at anything else; the Authorization header is read
 * as RFC 6750 writes it; a token of the other type is refused; the
 * Enterprise-only list is there for every caller or for none.
 */
import { describe } from 'vitest';
import {
  bearerWhitespace,
  eeSurfaceAbsent,
  emptyBearer401,
  malformedBearer,
  missingBearer,
  schemeCaseInsensitive,
  tokenType403,
  tokenTypeRefused,
  unauthorizedCode,
  unknownToken,
  wwwAuthenticate,
} from '../lib/checks/auth-checks.ts';
import type { AnsweredExchange } from '../lib/model/exchange.ts';
import type { CallOptions, ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { BOGUS_BEARER, unknownId } from '../lib/suite-kit/probe-values.ts';
import { loadSpec, type OperationInfo } from '../lib/spec/spec-index.ts';

// A wrongly accepted request to this operation would revoke a session the run did not create
// (the configured token's own), so it is never probed with bad credentials.
const NOT_PROBED = new Map([['revokeSelfSession', 'not probed: if the server wrongly accepted the request it would revoke a session this run did not create']]);

// docs/server-behavior.md §1.5 step 1: an Enterprise-only operation (x-dify-edition in openapi.yaml)
// on a Community deployment is a 404 before the bearer is read, so there is no authentication to check there.
const ENTERPRISE_ONLY = loadSpec().operations.filter((o) => o.enterpriseOnly);

const MALFORMED = ['Token', 'Basic', 'Bearer '] as const;

function malformedHeader(kind: (typeof MALFORMED)[number], token: string): string {
  if (kind === 'Token') return `Token ${token}`;
  if (kind === 'Basic') return 'Basic Y29uZm9ybWFuY2U6cHJvYmU=';
  return 'Bearer ';
}

/**
 * The request a probe sends, valid in everything but its credentials where that is safe: a read
 * names the workspace under test and a configured app, so the only thing wrong is the credential.
 * A write names objects that do not exist and sends an empty body, so that a server which wrongly
 * accepted it would still change nothing.
 */
function probeOptions(t: ConformanceTestContext, operation: OperationInfo): CallOptions {
  const read = operation.method === 'GET';
  const { workspaceId, appIds } = t.run.target;
  const appId = appIds.workflow ?? Object.values(appIds)[0];
  const real = (name: string): string | undefined => {
    if (!read) return undefined;
    if (name === 'workspace_id') return workspaceId;
    if (name === 'app_id') return appId;
    return undefined;
  };
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of operation.parameters) {
    if (p.in === 'path') path[p.name] = real(p.name) ?? unknownId();
    else if (p.in === 'query' && p.required) query[p.name] = real(p.name) ?? unknownId();
  }
  return { path, ...(Object.keys(query).length === 0 ? {} : { query }), ...(operation.requestBody === undefined ? {} : { json: {} }) };
}

async function probeCredentials(
  t: ConformanceTestContext,
  id: string,
  options: CallOptions,
  missing: AnsweredExchange,
  unknown: AnsweredExchange,
): Promise<void> {
  t.verify(missingBearer, missing);
  t.verify(wwwAuthenticate, missing);
  t.verify(unauthorizedCode, { exchange: missing, credentials: 'missing' });

  for (const kind of MALFORMED) {
    const malformed = await t.call(id, { ...options, auth: { authorization: malformedHeader(kind, t.run.target.token) } });
    t.verify(malformedBearer, malformed);
    if (kind === 'Bearer ') t.verify(emptyBearer401, malformed);
    t.verify(wwwAuthenticate, malformed);
    t.verify(unauthorizedCode, { exchange: malformed, credentials: 'malformed' });
  }

  t.verify(unknownToken, unknown);
  t.verify(wwwAuthenticate, unknown);
  t.verify(unauthorizedCode, { exchange: unknown, credentials: 'unknown' });
}

const CREDENTIAL_CHECKS = [missingBearer, malformedBearer, emptyBearer401, unknownToken, wwwAuthenticate, unauthorizedCode];

const protectedOperations = loadSpec().operations.filter((o) => !o.authFree);

describe('auth', () => {
  for (const operation of protectedOperations.filter((o) => !o.enterpriseOnly)) {
    const label = `${operation.method} ${operation.path}`;
    conformanceTest(
      CREDENTIAL_CHECKS,
      `${label} refuses missing, malformed and unknown credentials with 401`,
      async (t) => {
        const skipReason = NOT_PROBED.get(operation.operationId);
        if (skipReason !== undefined) t.skip(skipReason);
        const options = probeOptions(t, operation);
        const id = operation.operationId;
        const missing = await t.call(id, { ...options, auth: 'none' });
        const unknown = await t.call(id, { ...options, auth: { token: BOGUS_BEARER } });
        await probeCredentials(t, id, options, missing, unknown);
      },
      { operation: operation.operationId },
    );
  }

  // The run's token is an account token: where an Enterprise-only operation is served, it is the wrong type.
  for (const operation of ENTERPRISE_ONLY) {
    conformanceTest(
      [eeSurfaceAbsent, ...CREDENTIAL_CHECKS, tokenTypeRefused, tokenType403],
      `${operation.method} ${operation.path} is absent for every caller alike, or refuses bad credentials with 401 and an account token as the wrong type`,
      async (t) => {
        const options = probeOptions(t, operation);
        const missing = await t.call(operation.operationId, { ...options, auth: 'none' });
        const unknown = await t.call(operation.operationId, { ...options, auth: { token: BOGUS_BEARER } });
        const account = await t.call(operation.operationId, options);
        t.verify(eeSurfaceAbsent, { withoutBearer: missing, withUnknownBearer: unknown, withAccountToken: account }, account);
        if (missing.response.status === 404) {
          t.skip(
            'the Enterprise-only surface is absent on this deployment (404 before authentication, docs/server-behavior.md §1.5); run against an Enterprise server to check it',
          );
        }
        t.verify(tokenTypeRefused, account);
        t.verify(tokenType403, account);
        await probeCredentials(t, operation.operationId, options, missing, unknown);
      },
      { operation: operation.operationId },
    );
  }

  conformanceTest([tokenTypeRefused, tokenType403], 'an external-SSO (dfoe_) token is refused on operations for account tokens', async (t) => {
    const token =
      t.run.target.externalToken ??
      t.skip('no external-SSO token: set DIFY_EXTERNAL_TOKEN (a dfoe_ token) to check that operations for account tokens refuse it');
    // Reads only: a server that wrongly served them changes nothing.
    for (const id of ['getAccount', 'listWorkspaces']) {
      const exchange = await t.call(id, { auth: { token } });
      t.verify(tokenTypeRefused, exchange);
      t.verify(tokenType403, exchange);
    }
  });

  conformanceTest(
    [schemeCaseInsensitive, bearerWhitespace],
    'a valid token is served whatever the case of "Bearer" and however many spaces follow it',
    async (t) => {
      const token = t.run.target.token;
      for (const scheme of ['bearer', 'BEARER']) {
        t.verify(schemeCaseInsensitive, await t.call('listWorkspaces', { auth: { authorization: `${scheme} ${token}` } }));
      }
      // Trailing whitespace is not probed: HTTP parsers strip it from every field value before the
      // application sees it (RFC 9110 §5.5), so the answer would not be about the server's own parsing.
      t.verify(bearerWhitespace, await t.call('listWorkspaces', { auth: { authorization: `Bearer  ${token}` } }));
    },
    { operation: 'listWorkspaces' },
  );
});
