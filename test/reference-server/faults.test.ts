// The fault catalogue is well-formed, and every fault changes what a client
// observes: each has its own probe, run against a healthy server and against
// a server with only that fault switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFaultTable } from '../../lib/reference-server/fault-table.ts';
import { WERKZEUG_NOT_FOUND } from '../../lib/reference-server/errors.ts';
import { assertKnownFaults, FAULT_AREAS, FAULTS } from '../../lib/reference-server/faults.ts';
import { FOUNDATION_FAULTS } from '../../lib/reference-server/faults/foundation.ts';
import type { FaultName } from '../../lib/reference-server/faults.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { Client, rows } from './client.ts';
import type { Answer, Json } from './client.ts';

let healthy: ReferenceServer;

beforeAll(async () => {
  healthy = await startReferenceServer();
});
afterAll(() => healthy.close());

describe('fault catalogue', () => {
  it('names are unique kebab-case and every record is complete', () => {
    expect(new Set(FAULTS.map((fault) => fault.name)).size).toBe(FAULTS.length);
    for (const fault of FAULTS) {
      expect(fault.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(FAULT_AREAS).toContain(fault.area);
      // One sentence.
      expect(fault.deviates).toMatch(/\.$/);
      expect(fault.deviates.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
      expect(fault.breaks.length).toBeGreaterThan(5);
      expect(fault.caughtBy.length).toBeGreaterThan(0);
      for (const id of fault.caughtBy) expect(id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    }
  });

  it('unknown names are refused with the list of valid ones', async () => {
    expect(() => assertKnownFaults(['health-bad-body'])).not.toThrow();
    expect(() => assertKnownFaults(['no-such-fault'])).toThrow(/no-such-fault.*Valid names: health-requires-auth, /);
    await expect(startReferenceServer({ faults: ['health-bad-body', 'nope'] })).rejects.toThrow(/Unknown reference-server fault\(s\): nope/);
  });

  it('renders as a Markdown table with one row per fault', () => {
    const lines = renderFaultTable().trimEnd().split('\n');
    expect(lines[0]).toBe('| name | area | deviates | breaks | caughtBy |');
    expect(lines).toHaveLength(FAULTS.length + 2);
    expect(lines[2]).toContain('`health-requires-auth`');
    expect(lines[2]).toContain('`meta.health.ok`');
  });
});

interface Probe {
  /** What a client sees, reduced to what the fault changes. */
  observe(client: Client): Promise<unknown>;
  /** What the faulty server shows. */
  faulty: unknown;
}

const bogusToken = `dfoa_${'x'.repeat(43)}`;
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
const status = (answer: Answer): number => answer.status;
const json = (answer: Answer): Json => answer.json as Json;

// Direct probes of the foundation faults; every fault, these included, is also proven observable
// by test/e2e/fault-matrix.test.ts, where the conformance suite itself must catch it.
const PROBES: Partial<Record<FaultName, Probe>> = {
  'health-requires-auth': { observe: async (c) => status(await c.get('/_health', { token: null })), faulty: 401 },
  'health-bad-body': { observe: async (c) => json(await c.get('/_health', { token: null })).ok, faulty: 'yes' },
  'health-wrong-content-type': {
    observe: async (c) => {
      const answer = await c.get('/_health', { token: null });
      return [answer.headers.get('content-type'), answer.json];
    },
    faulty: ['text/plain; charset=utf-8', { ok: true }],
  },
  'version-rejects-bogus-bearer': { observe: async (c) => status(await c.get('/_version', { token: bogusToken })), faulty: 401 },
  'version-bad-edition': { observe: async (c) => json(await c.get('/_version', { token: null })).edition, faulty: 'ENTERPRISE' },
  'auth-missing-bearer-accepted': { observe: async (c) => status(await c.get('/account', { token: null })), faulty: 200 },
  'auth-wrong-scheme-accepted': {
    observe: async (c) => status(await c.get('/account', { token: null, headers: { authorization: `Token ${c.server.token}` } })),
    faulty: 200,
  },
  'auth-empty-bearer-500': {
    observe: async (c) => {
      const answer = await c.get('/account', { token: null, headers: { authorization: 'Bearer ' } });
      return [answer.status, answer.json];
    },
    faulty: [500, { code: 'internal_server_error', message: 'Internal Server Error', status: 500 }],
  },
  'auth-unknown-token-accepted': { observe: async (c) => status(await c.get('/account', { token: bogusToken })), faulty: 200 },
  'auth-unknown-token-403': { observe: async (c) => status(await c.get('/account', { token: bogusToken })), faulty: 403 },
  'auth-no-www-authenticate': {
    observe: async (c) => (await c.get('/account', { token: null })).headers.get('www-authenticate'),
    faulty: null,
  },
  'auth-401-rfc-body': { observe: async (c) => (await c.get('/account', { token: bogusToken })).json, faulty: { error: 'unauthorized' } },
  'unknown-path-html-404': {
    observe: async (c) => {
      const answer = await c.get('/no/such/operation');
      return [answer.status, answer.headers.get('content-type')];
    },
    faulty: [404, 'text/html; charset=utf-8'],
  },
  'account-201': { observe: async (c) => status(await c.get('/account')), faulty: 201 },
  'account-missing-subject-type': { observe: async (c) => 'subject_type' in json(await c.get('/account')), faulty: false },
  'workspaces-current-string': {
    observe: async (c) => ((json(await c.get('/workspaces')).workspaces as Json[])[0] ?? {}).current,
    faulty: 'true',
  },
  'app-list-bad-mode': {
    observe: async (c) => [...new Set(rows(await c.get(`/apps?workspace_id=${c.server.workspaceId}&limit=200`)).map((row) => row.mode))],
    faulty: ['assistant'],
  },
  'error-status-mismatch': {
    observe: async (c) => {
      const answer = await c.get('/no/such/operation');
      return [answer.status, json(answer).status];
    },
    faulty: [404, 400],
  },
  'auth-empty-bearer-400': {
    observe: async (c) => status(await c.get('/account', { token: null, headers: { authorization: 'Bearer ' } })),
    faulty: 400,
  },
  'auth-scheme-case-sensitive': {
    observe: async (c) => status(await c.get('/account', { token: null, headers: { authorization: `bearer ${c.server.token}` } })),
    faulty: 401,
  },
  'auth-bearer-single-space': {
    observe: async (c) => status(await c.get('/account', { token: null, headers: { authorization: `Bearer  ${c.server.token}` } })),
    faulty: 401,
  },
  'auth-401-message-generic': { observe: async (c) => json(await c.get('/account', { token: null })).message, faulty: 'Unauthorized' },
  'auth-external-token-as-owner': { observe: async (c) => status(await c.get('/account', { token: c.server.externalToken })), faulty: 200 },
  'auth-token-type-401': { observe: async (c) => status(await c.get('/account', { token: c.server.externalToken })), faulty: 401 },
  'ee-surface-after-auth': { observe: async (c) => status(await c.get('/permitted-external-apps', { token: null })), faulty: 401 },
  'wrong-method-no-allow': {
    observe: async (c) => {
      const answer = await c.call('POST', '/_health', { token: null });
      return [answer.status, answer.headers.get('allow')];
    },
    faulty: [405, null],
  },
  'wrong-method-404': { observe: async (c) => status(await c.call('POST', '/_health', { token: null })), faulty: 404 },
  'cors-any-origin': {
    observe: async (c) =>
      (await c.get('/_health', { token: null, headers: { origin: 'https://elsewhere.invalid' } })).headers.get('access-control-allow-origin'),
    faulty: 'https://elsewhere.invalid',
  },
  'no-anti-framing': {
    observe: async (c) => {
      const answer = await c.get('/_health', { token: null });
      return [answer.headers.get('x-frame-options'), answer.headers.get('content-security-policy')];
    },
    faulty: [null, null],
  },
  'version-not-semver': { observe: async (c) => json(await c.get('/_version', { token: null })).version, faulty: '1.11' },
  'malformed-id-500': { observe: async (c) => status(await c.get('/apps/not-a-uuid/describe')), faulty: 500 },
  'malformed-id-400': { observe: async (c) => status(await c.get('/workspaces/not-a-uuid')), faulty: 400 },
  'app-not-found-generic': {
    observe: async (c) => json(await c.get(`/apps/${UNKNOWN_UUID}/describe`)).message,
    faulty: WERKZEUG_NOT_FOUND,
  },
  'server-error-leaks-exception': {
    observe: async (c) => {
      const answer = await c.get(`/apps/${UNKNOWN_UUID}/describe`);
      return [answer.status, json(answer).message];
    },
    faulty: [500, "'NoneType' object has no attribute 'tenant_id'"],
  },
  'non-member-workspace-served': { observe: async (c) => status(await c.get(`/workspaces/${c.server.foreignWorkspaceId}`)), faulty: 200 },
  'non-member-app-served': { observe: async (c) => status(await c.get(`/apps/${c.server.foreignAppId}/describe`)), faulty: 200 },
  'non-member-403': { observe: async (c) => status(await c.get(`/workspaces/${c.server.foreignWorkspaceId}`)), faulty: 403 },
  'apps-without-workspace-lists-current': { observe: async (c) => status(await c.get('/apps')), faulty: 200 },
  'apps-without-workspace-422': { observe: async (c) => status(await c.get('/apps')), faulty: 422 },
  'validation-envelope-message': { observe: async (c) => json(await c.get('/account/sessions?limit=0')).message, faulty: 'Invalid request parameters' },
  'validation-doc-url': {
    observe: async (c) => JSON.stringify(json(await c.get('/account/sessions?limit=0')).details).includes('errors.pydantic.dev'),
    faulty: true,
  },
};

describe.concurrent('each fault changes what a client observes', () => {
  it('every foundation fault has a probe', () => {
    expect(Object.keys(PROBES).sort()).toEqual(FOUNDATION_FAULTS.map((fault) => fault.name).sort());
  });

  for (const fault of FAULTS) {
    const probe = PROBES[fault.name as FaultName];
    if (probe === undefined) continue;
    it(`${fault.name}: ${fault.deviates}`, async () => {
      const faulted = await startReferenceServer({ faults: [fault.name] });
      try {
        const before = await probe.observe(new Client(healthy));
        const after = await probe.observe(new Client(faulted));
        expect(after).toEqual(probe.faulty);
        expect(before).not.toEqual(after);
      } finally {
        await faulted.close();
      }
    });
  }
});
