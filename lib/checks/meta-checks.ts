/**
 * The auth-free meta endpoints and the rule that auth-free operations do not
 * depend on a bearer.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import { client, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

export const healthOk = defineCheck<AnsweredExchange>(
  {
    id: 'meta.health.ok',
    area: 'meta',
    statement: 'GET /_health, sent without credentials, answers 200 with {"ok": true}.',
    basis: [seed('#/components/schemas/HealthResponse'), server('§10')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status !== 200) return [{ message: `GET /_health answered ${status}`, expected: '200', observed: String(status) }];
    if ((json as { ok?: unknown } | undefined)?.ok !== true) {
      return [{ message: 'GET /_health did not report {"ok": true}', expected: '{"ok": true}', observed: exchange.response.bodyText.slice(0, 200) }];
    }
    return [];
  },
);

export const versionOk = defineCheck<AnsweredExchange>(
  {
    id: 'meta.version.ok',
    area: 'meta',
    statement: 'GET /_version, sent without credentials, answers 200 with a non-empty version string.',
    basis: [seed('#/components/schemas/ServerVersionResponse/properties/version'), server('§10')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status !== 200) return [{ message: `GET /_version answered ${status}`, expected: '200', observed: String(status) }];
    const version = (json as { version?: unknown } | undefined)?.version;
    if (typeof version !== 'string' || version.trim() === '') {
      return [{ message: 'GET /_version reported no version', expected: 'a non-empty "version" string', observed: exchange.response.bodyText.slice(0, 200) }];
    }
    return [];
  },
);

// Semantic Versioning 2.0.0 (semver.org), with an optional leading "v" as release tags carry it.
const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export const versionSemver = defineCheck<AnsweredExchange>(
  {
    id: 'meta.version-semver',
    area: 'meta',
    statement: 'The version GET /_version reports is a semantic version (MAJOR.MINOR.PATCH, optionally with a pre-release and build part).',
    basis: [server('§10', 'the Dify project version, which clients compare with the range they support')],
  },
  (exchange) => {
    const version = (exchange.response.json as { version?: unknown } | undefined)?.version;
    // An answer without a version string is meta.version.ok's to judge.
    if (exchange.response.status !== 200 || typeof version !== 'string' || version.trim() === '') return [];
    if (SEMVER.test(version.trim())) return [];
    return [
      {
        message: `GET /_version reported ${JSON.stringify(version.slice(0, 80))}, which is not a semantic version`,
        expected: 'MAJOR.MINOR.PATCH[-pre][+build]',
        observed: version.slice(0, 80),
      },
    ];
  },
);

export interface AuthFreeInput {
  readonly withoutBearer: AnsweredExchange;
  readonly withBogusBearer: AnsweredExchange;
}

export const authFreeNoBearerNeeded = defineCheck<AnsweredExchange>(
  {
    id: 'auth.free.no-bearer-needed',
    area: 'auth',
    statement: 'An auth-free operation sent without Authorization is not answered 401 or 403.',
    basis: [
      seed('#/components/schemas/HealthResponse', 'no auth required'),
      standard('RFC 8628 §3.1'),
      standard('RFC 8628 §3.4'),
      client('§2', 'the CLI calls /oauth/device/code and /token without a bearer'),
      server('§1.6'),
    ],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status !== 401 && status !== 403) return [];
    return [
      {
        message: `an auth-free operation answered ${status} to a request without credentials`,
        expected: 'an answer that does not ask for credentials',
        observed: String(status),
      },
    ];
  },
);

export const authFreeBearerIgnored = defineCheck<AuthFreeInput>(
  {
    id: 'auth.free.bearer-ignored',
    area: 'auth',
    statement: 'An auth-free operation answers a request carrying an unknown bearer with the same status as one carrying none.',
    basis: [server('§1.6', 'auth-free operations ignore a bogus bearer')],
  },
  ({ withoutBearer, withBogusBearer }) => {
    const a = withoutBearer.response.status;
    const b = withBogusBearer.response.status;
    if (a === b) return [];
    return [{ message: `the answer changed from ${a} to ${b} when an unknown bearer was added`, expected: String(a), observed: String(b) }];
  },
);
