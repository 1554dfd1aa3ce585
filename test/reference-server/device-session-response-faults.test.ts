// Each fault of the device flow, of sessions and of generic answers changes what
// a client observes: its probe is run against a healthy server and against a
// server with only that fault switched on (both with a 1 s interval and 3 s
// codes). test/e2e/fault-matrix.test.ts proves that the suite catches them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVICE_SESSION_FAULTS } from '../../lib/reference-server/faults/device-sessions.ts';
import { RESPONSE_FAULTS } from '../../lib/reference-server/faults/responses.ts';
import type { FaultName } from '../../lib/reference-server/faults.ts';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { SEED } from '../../lib/reference-server/seed-data.ts';
import { body, Client, rows, sleep } from './client.ts';
import type { Answer, Json } from './client.ts';

const INTERVAL_MS = 1_050;
const EXPIRES_IN_SECONDS = 3;

interface Probe {
  /** What a client sees, reduced to what the fault changes. */
  observe(client: Client): Promise<unknown>;
  /** What the faulty server shows. */
  faulty: unknown;
}

interface Code {
  device_code: string;
  user_code: string;
  verification_uri: unknown;
  expires_in: unknown;
}

async function requestCode(c: Client, label = 'difyctl on probe-box'): Promise<Code> {
  const answer = await c.post('/oauth/device/code', { client_id: 'difyctl', device_label: label }, { token: null });
  return body(answer) as unknown as Code;
}

function poll(c: Client, code: Code): Promise<Answer> {
  return c.post('/oauth/device/token', { client_id: 'difyctl', device_code: code.device_code }, { token: null });
}

function resolveCode(c: Client, userCode: string, decision: 'approve' | 'deny'): Promise<Answer> {
  return c.post(
    `/oauth/device/${decision}`,
    { user_code: userCode },
    { token: null, headers: { cookie: c.server.consoleCookie, 'x-csrf-token': c.server.csrfToken } },
  );
}

function lookup(c: Client, userCode: string): Promise<Answer> {
  return c.get(`/oauth/device/lookup?user_code=${encodeURIComponent(userCode)}`, { token: null });
}

const rfcError = (answer: Answer): unknown => (answer.json as Json | undefined)?.error;

/** A code approved and collected by its first poll: the token payload, and the code. */
async function collect(c: Client, label: string): Promise<{ payload: Json; code: Code }> {
  const code = await requestCode(c, label);
  await resolveCode(c, code.user_code, 'approve');
  await sleep(INTERVAL_MS);
  return { payload: body(await poll(c, code)), code };
}

async function mint(c: Client, label: string): Promise<string> {
  return String((await collect(c, label)).payload.token);
}

async function denyAndPoll(c: Client): Promise<{ first: Answer; code: Code }> {
  const code = await requestCode(c);
  await resolveCode(c, code.user_code, 'deny');
  await sleep(INTERVAL_MS);
  return { first: await poll(c, code), code };
}

const PROBES: Record<(typeof DEVICE_SESSION_FAULTS)[number]['name'] | (typeof RESPONSE_FAULTS)[number]['name'], Probe> = {
  'device-expires-in-string': { observe: async (c) => typeof (await requestCode(c)).expires_in, faulty: 'string' },
  'device-verification-uri-relative': { observe: async (c) => (await requestCode(c)).verification_uri, faulty: '/device' },
  'device-verification-uri-http': { observe: async (c) => (await requestCode(c)).verification_uri, faulty: 'http://dify.northwind-labs.example.com/device' },
  'device-unknown-client-accepted': {
    observe: async (c) => (await c.post('/oauth/device/code', { client_id: 'other-cli', device_label: 'x' }, { token: null })).status,
    faulty: 200,
  },
  'device-lookup-pending-invalid': { observe: async (c) => body(await lookup(c, (await requestCode(c)).user_code)).valid, faulty: false },
  'device-lookup-case-sensitive': {
    observe: async (c) => body(await lookup(c, `  ${(await requestCode(c)).user_code.toLowerCase()} `)).valid,
    faulty: false,
  },
  'device-lookup-unknown-valid': { observe: async (c) => body(await lookup(c, 'ZZZZ-ZZZZ')).valid, faulty: true },
  'device-mutate-unknown-400': { observe: async (c) => (await resolveCode(c, 'ZZZZ-ZZZZ', 'approve')).status, faulty: 400 },
  'device-reapprove-200': {
    observe: async (c) => {
      const code = await requestCode(c);
      await resolveCode(c, code.user_code, 'approve');
      return (await resolveCode(c, code.user_code, 'approve')).status;
    },
    faulty: 200,
  },
  'device-pending-200': {
    observe: async (c) => {
      const answer = await poll(c, await requestCode(c));
      return [answer.status, rfcError(answer)];
    },
    faulty: [200, 'authorization_pending'],
  },
  'device-no-slow-down': {
    observe: async (c) => {
      const code = await requestCode(c);
      await poll(c, code);
      return rfcError(await poll(c, code));
    },
    faulty: 'authorization_pending',
  },
  'device-token-as-access-token': {
    observe: async (c) => {
      const { payload } = await collect(c, 'probe access_token');
      return [typeof payload.token, typeof payload.access_token];
    },
    faulty: ['undefined', 'string'],
  },
  'device-token-expires-at-epoch': { observe: async (c) => typeof (await collect(c, 'probe expires_at')).payload.expires_at, faulty: 'number' },
  'device-token-reissued': {
    observe: async (c) => {
      const { code } = await collect(c, 'probe reissue');
      await sleep(INTERVAL_MS);
      return (await poll(c, code)).status;
    },
    faulty: 200,
  },
  'device-deny-deletes-code': { observe: async (c) => rfcError((await denyAndPoll(c)).first), faulty: 'expired_token' },
  'device-denied-back-to-pending': {
    observe: async (c) => {
      const { code } = await denyAndPoll(c);
      await sleep(INTERVAL_MS);
      return rfcError(await poll(c, code));
    },
    faulty: 'authorization_pending',
  },
  'device-lifetime-minutes': {
    observe: async (c) => {
      const code = await requestCode(c);
      await sleep(EXPIRES_IN_SECONDS * 1000 + 100);
      return rfcError(await poll(c, code));
    },
    faulty: 'authorization_pending',
  },
  'device-gone-code-404': {
    observe: async (c) => (await poll(c, { device_code: `dc_${'x'.repeat(32)}`, user_code: '', verification_uri: '', expires_in: 0 })).status,
    faulty: 404,
  },
  'device-unknown-client-invalid-client': {
    observe: async (c) => rfcError(await c.post('/oauth/device/code', { client_id: 'other-cli', device_label: 'x' }, { token: null })),
    faulty: 'invalid_client',
  },
  'device-user-code-ambiguous': { observe: async (c) => /[0O1I2Z]/.test((await requestCode(c)).user_code), faulty: true },
  'device-verification-uri-root': { observe: async (c) => new URL(String((await requestCode(c)).verification_uri)).pathname, faulty: '/' },
  'device-poll-extra-field-rejected': {
    observe: async (c) => {
      const answer = await c.post('/oauth/device/token', { client_id: 'difyctl', device_code: `dc_${'y'.repeat(32)}`, extra: 1 }, { token: null });
      return [answer.status, rfcError(answer) ?? (answer.json as Json | undefined)?.code];
    },
    faulty: [400, 'bad_request'],
  },
  'device-slow-down-after-state': {
    observe: async (c) => {
      const never = { device_code: `dc_${'w'.repeat(32)}`, user_code: '', verification_uri: '', expires_in: 0 };
      await poll(c, never);
      return rfcError(await poll(c, never));
    },
    faulty: 'expired_token',
  },
  'device-lookup-wrong-client': { observe: async (c) => body(await lookup(c, (await requestCode(c, 'probe-box')).user_code)).client_id, faulty: 'probe-box' },
  'device-lookup-resolved-valid': {
    observe: async (c) => {
      const code = await requestCode(c);
      await resolveCode(c, code.user_code, 'deny');
      return body(await lookup(c, code.user_code)).valid;
    },
    faulty: true,
  },
  'device-decision-without-session': {
    observe: async (c) => (await c.post('/oauth/device/approve', { user_code: 'AAAA-AAAA' }, { token: null })).status,
    faulty: 404,
  },
  'device-approve-pending-409': { observe: async (c) => (await resolveCode(c, (await requestCode(c)).user_code, 'approve')).status, faulty: 409 },
  'device-decision-status-ok': { observe: async (c) => body(await resolveCode(c, (await requestCode(c)).user_code, 'deny')).status, faulty: 'ok' },
  'device-decision-case-sensitive': {
    observe: async (c) => (await resolveCode(c, `  ${(await requestCode(c)).user_code.toLowerCase()} `, 'approve')).status,
    faulty: 404,
  },
  'device-token-born-expired': {
    observe: async (c) => Date.parse(String((await collect(c, 'probe born expired')).payload.expires_at)) > Date.now(),
    faulty: false,
  },
  'device-token-unprefixed': { observe: async (c) => (await mint(c, 'probe prefix')).startsWith('dfoa_'), faulty: false },
  'device-token-payload-other-account': {
    observe: async (c) => {
      const { payload } = await collect(c, 'probe approver');
      const account = body(await c.get('/account', { token: String(payload.token) })).account as Json;
      return (payload.account as Json).id === account.id;
    },
    faulty: false,
  },
  'sessions-list-includes-revoked': {
    observe: async (c) => rows(await c.get('/account/sessions')).some((r) => r.id === SEED.revokedOwnerSessionId),
    faulty: true,
  },
  'sessions-revoke-by-id-spares-caller': {
    observe: async (c) => {
      const token = await mint(c, 'probe revoke current');
      const row = rows(await c.get('/account/sessions', { token })).find((r) => r.device_label === 'probe revoke current');
      await c.delete(`/account/sessions/${String(row?.id)}`, { token });
      return (await c.get('/account', { token })).status;
    },
    faulty: 200,
  },
  'sessions-revoke-status-ok': { observe: async (c) => body(await c.delete(`/account/sessions/${SEED.revokedOwnerSessionId}`)).status, faulty: 'ok' },
  'sessions-times-http-date': { observe: async (c) => String(rows(await c.get('/account/sessions'))[0]?.created_at).endsWith('GMT'), faulty: true },
  'account-default-foreign-workspace': { observe: async (c) => body(await c.get('/account')).default_workspace_id, faulty: SEED.foreignWorkspaceId },
  'account-subject-email-null': { observe: async (c) => body(await c.get('/account')).subject_email, faulty: null },
  'sessions-minted-token-unusable': {
    observe: async (c) => (await c.get('/account', { token: await mint(c, 'probe unusable') })).status,
    faulty: 401,
  },
  'sessions-list-only-current': { observe: async (c) => body(await c.get('/account/sessions')).total, faulty: 1 },
  'sessions-prefix-of-hash': {
    observe: async (c) => rows(await c.get('/account/sessions')).every((row) => /^[0-9a-f]{5}$/.test(String(row.prefix))),
    faulty: true,
  },
  'sessions-oldest-first': { observe: async (c) => rows(await c.get('/account/sessions'))[0]?.id, faulty: SEED.ownerOtherSessionIds[2] },
  'sessions-revoke-self-noop': {
    observe: async (c) => {
      const token = await mint(c, 'probe revoke self');
      await c.delete('/account/sessions/self', { token });
      return (await c.get('/account', { token })).status;
    },
    faulty: 200,
  },
  'sessions-revoke-by-id-noop': {
    observe: async (c) => {
      const token = await mint(c, 'probe revoke by id');
      const row = rows(await c.get('/account/sessions')).find((r) => r.device_label === 'probe revoke by id');
      await c.delete(`/account/sessions/${String(row?.id)}`);
      return (await c.get('/account', { token })).status;
    },
    faulty: 200,
  },
  'sessions-revoke-again-409': { observe: async (c) => (await c.delete(`/account/sessions/${SEED.revokedOwnerSessionId}`)).status, faulty: 409 },
  'switch-current-409': {
    observe: async (c) => {
      const current = (body(await c.get('/workspaces')).workspaces as Json[]).find((w) => w.current === true);
      return (await c.post(`/workspaces/${String(current?.id)}/switch`)).status;
    },
    faulty: 409,
  },
  'app-unknown-500': {
    observe: async (c) => Promise.all(['describe', 'export', 'check-dependencies'].map(async (leaf) => (await c.get(`/apps/${randomUUID()}/${leaf}`)).status)),
    faulty: [500, 500, 500],
  },
  'version-empty': { observe: async (c) => body(await c.get('/_version', { token: null })).version, faulty: '' },
  'version-requires-auth': { observe: async (c) => (await c.get('/_version', { token: null })).status, faulty: 401 },
};

describe.concurrent('each device-flow, session and response fault changes what a client observes', () => {
  for (const fault of [...DEVICE_SESSION_FAULTS, ...RESPONSE_FAULTS]) {
    const probe = PROBES[fault.name];
    it(`${fault.name}: ${fault.deviates}`, async () => {
      const deviceFlow = { intervalSeconds: 1, expiresInSeconds: EXPIRES_IN_SECONDS };
      const [healthy, faulted] = await Promise.all([
        startReferenceServer({ deviceFlow }),
        startReferenceServer({ deviceFlow, faults: [fault.name as FaultName] }),
      ]);
      try {
        const [before, after] = await Promise.all([probe.observe(new Client(healthy)), probe.observe(new Client(faulted))]);
        expect(after).toEqual(probe.faulty);
        expect(before).not.toEqual(after);
      } finally {
        await Promise.all([healthy.close(), faulted.close()]);
      }
    });
  }
});
