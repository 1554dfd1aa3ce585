// Named deviations the reference server can be told to make, so the suite's
// self-tests can prove that each conformance check is able to fail. A fault is
// one catalogue entry here plus one `if (faults.has('name'))` at the spot where
// the server would go wrong.

export interface FaultDefinition {
  name: string;
  area: string;
  deviates: string;
  breaks: string;
  caughtBy: readonly string[];
}

export const FAULT_AREAS = [
  'meta', 'auth', 'errors', 'schemas', 'pagination', 'validation', 'device-flow', 'sessions',
  'workspaces', 'members', 'apps', 'imports', 'runs', 'sse', 'tasks', 'files', 'forms', 'editions',
  'rate-limit',
] as const;

const CATALOGUE = [
  {
    name: 'health-requires-auth',
    area: 'meta',
    deviates: '/_health answers 401 ErrorBody when no bearer is sent.',
    breaks: 'GET /_health (no authorization; docs/server-behavior.md §10)',
    caughtBy: ['meta.health.ok'],
  },
  {
    name: 'health-bad-body',
    area: 'meta',
    deviates: '/_health answers {"ok":"yes"} (a string where a boolean is required).',
    breaks: 'HealthResponse.ok',
    caughtBy: ['response.schema'],
  },
  {
    name: 'health-wrong-content-type',
    area: 'meta',
    deviates: '/_health answers its JSON text with Content-Type text/plain.',
    breaks: 'GET /_health 200 application/json',
    caughtBy: ['response.content-type'],
  },
  {
    name: 'version-rejects-bogus-bearer',
    area: 'meta',
    deviates: '/_version answers 401 when a bogus bearer is sent instead of ignoring it.',
    breaks: 'GET /_version (no authorization; docs/server-behavior.md §1.6, §10)',
    caughtBy: ['auth.free.bearer-ignored'],
  },
  {
    name: 'version-bad-edition',
    area: 'meta',
    deviates: '/_version answers edition "ENTERPRISE", which is not in the enum.',
    breaks: 'ServerVersionResponse.edition',
    caughtBy: ['response.schema'],
  },
  {
    name: 'auth-missing-bearer-accepted',
    area: 'auth',
    deviates: 'A request without Authorization is served as if the owner had sent it.',
    breaks: 'docs/server-behavior.md §1.3 (no Authorization → 401 bearer required)',
    caughtBy: ['auth.missing-bearer'],
  },
  {
    name: 'auth-wrong-scheme-accepted',
    area: 'auth',
    deviates: 'Authorization with another scheme (Token …, Basic …) is accepted as a bearer.',
    breaks: 'docs/server-behavior.md §1.1, §1.3 (scheme must be Bearer)',
    caughtBy: ['auth.malformed-bearer'],
  },
  {
    name: 'auth-empty-bearer-500',
    area: 'auth',
    deviates: '"Authorization: Bearer " with an empty value answers 500 ErrorBody.',
    breaks: 'docs/server-behavior.md §1.3 (empty value → 401 bearer required)',
    caughtBy: ['auth.malformed-bearer'],
  },
  {
    name: 'auth-unknown-token-accepted',
    area: 'auth',
    deviates: 'Any well-formed dfoa_ token is accepted as the owner.',
    breaks: 'docs/server-behavior.md §1.2, §1.3 (unknown token → 401)',
    caughtBy: ['auth.unknown-token'],
  },
  {
    name: 'auth-unknown-token-403',
    area: 'auth',
    deviates: 'An unknown token answers 403 forbidden instead of 401.',
    breaks: 'docs/server-behavior.md §1.3 (unknown token → 401 unauthorized)',
    caughtBy: ['auth.unknown-token'],
  },
  {
    name: 'auth-no-www-authenticate',
    area: 'auth',
    deviates: '401 answers carry no WWW-Authenticate header.',
    breaks: 'docs/server-behavior.md §1.3 (WWW-Authenticate: Bearer realm="api" on 401)',
    caughtBy: ['auth.www-authenticate'],
  },
  {
    name: 'auth-401-rfc-body',
    area: 'errors',
    deviates: '401 answers use {"error":"unauthorized"} instead of ErrorBody.',
    breaks: 'ErrorBody (default response); docs/server-behavior.md §2.1',
    caughtBy: ['error.body-shape'],
  },
  {
    name: 'unknown-path-html-404',
    area: 'errors',
    deviates: 'Unknown paths under the API root answer 404 text/html.',
    breaks: 'docs/server-behavior.md §2.1 (unknown paths → canonical 404 ErrorBody)',
    caughtBy: ['routing.unknown-path'],
  },
  {
    name: 'account-201',
    area: 'schemas',
    deviates: 'GET /account answers 201 instead of 200.',
    breaks: 'GET /account responses (200 only)',
    caughtBy: ['response.status-documented'],
  },
  {
    name: 'account-missing-subject-type',
    area: 'schemas',
    deviates: 'GET /account omits the required subject_type.',
    breaks: 'AccountResponse.subject_type (required)',
    caughtBy: ['response.schema'],
  },
  {
    name: 'workspaces-current-string',
    area: 'schemas',
    deviates: '/workspaces rows carry current as the string "true"/"false".',
    breaks: 'WorkspaceSummaryResponse.current (boolean)',
    caughtBy: ['response.schema'],
  },
  {
    name: 'app-list-bad-mode',
    area: 'schemas',
    deviates: '/apps rows carry mode "assistant", which is not an AppMode.',
    breaks: 'AppListRow.mode (AppMode)',
    caughtBy: ['response.schema'],
  },
  {
    name: 'error-status-mismatch',
    area: 'errors',
    deviates: 'ErrorBody.status is always 400, whatever the HTTP status.',
    breaks: 'ErrorBody.status; docs/server-behavior.md §2.1',
    caughtBy: ['error.status-matches'],
  },
] as const satisfies readonly FaultDefinition[];

export type FaultName = (typeof CATALOGUE)[number]['name'];

export const FAULTS: readonly FaultDefinition[] = CATALOGUE;

export function assertKnownFaults(names: readonly string[]): void {
  const known = new Set<string>(FAULTS.map((fault) => fault.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown reference-server fault(s): ${unknown.join(', ')}. Valid names: ${[...known].join(', ')}`,
    );
  }
}

/** The faults switched on for one server; `has` only takes catalogued names. */
export class FaultSwitches {
  private readonly on: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    assertKnownFaults(names);
    this.on = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }
}
