/**
 * The response checks against the real openapi.yaml, fed with hand-made
 * exchanges: each must fail on the deviation it targets and accept everything
 * the spec allows (extra properties, absent or null optional fields).
 */
import { describe, expect, it } from 'vitest';
import { bodySchema, contentType, errorBodyShape, errorStatusMatches, noServerError, statusDocumented } from '../../lib/checks/response-checks.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';
import { ContractCompiler } from '../../lib/validate/response-contract.ts';
import { answered } from './exchange-fixtures.ts';

const contracts = new ContractCompiler(loadSpec());
const input = (op: string, status: number, body: unknown, headers?: Record<string, string>) => ({
  exchange: answered(op, status, body, headers),
  contract: contracts.contract(op),
});

const account = {
  subject_type: 'account',
  subject_email: 'a@b.c',
  subject_issuer: null,
  account: { id: '1', email: 'a@b.c', name: 'A' },
  workspaces: [{ id: 'w', name: 'W', role: 'owner' }],
  default_workspace_id: 'w',
};

describe('response.schema', () => {
  it('accepts a body that matches, with extra properties, nulls for optional fields, or optional fields absent', () => {
    expect(bodySchema.evaluate(input('getAccount', 200, account))).toEqual([]);
    expect(bodySchema.evaluate(input('getAccount', 200, { ...account, future_field: { x: 1 } }))).toEqual([]);
    expect(bodySchema.evaluate(input('getAccount', 200, { subject_type: 'account', account: null, workspaces: null, default_workspace_id: null }))).toEqual([]);
    expect(bodySchema.evaluate(input('getAccount', 200, { subject_type: 'account' }))).toEqual([]);
  });

  it('fails a missing required field, a wrong type, a value outside an enum, and a body that is not JSON', () => {
    expect(bodySchema.evaluate(input('getAccount', 200, { account: null }))[0]?.message).toMatch(/subject_type/);
    expect(bodySchema.evaluate(input('getHealth', 200, { ok: 'yes' }))[0]?.message).toMatch(/body\.ok must be boolean/);
    expect(bodySchema.evaluate(input('getVersion', 200, { version: '1', edition: 'ENTERPRISE' }))[0]?.message).toMatch(
      /edition must be equal to one of the allowed values/,
    );
    expect(bodySchema.evaluate(input('getHealth', 200, 'ok')).length).toBe(1);
    expect(bodySchema.evaluate(input('getHealth', 200, '')).length).toBe(1);
  });

  it('keeps FormSubmitResponse closed: exactly {}', () => {
    expect(bodySchema.evaluate(input('submitHumanInputForm', 200, {}))).toEqual([]);
    expect(bodySchema.evaluate(input('submitHumanInputForm', 200, { ok: true }))[0]?.message).toMatch(/additional properties \(ok\)/);
  });

  it('leaves error statuses to the error-body check', () => {
    expect(bodySchema.evaluate(input('getAccount', 404, { nope: 1 }))).toEqual([]);
  });
});

describe('response.status-documented', () => {
  it('accepts documented statuses, default-covered errors and API-wide errors', () => {
    expect(statusDocumented.evaluate(input('getAccount', 200, account))).toEqual([]);
    expect(statusDocumented.evaluate(input('getAccount', 404, {}))).toEqual([]);
    expect(statusDocumented.evaluate(input('listSessions', 422, {}))).toEqual([]);
    // runApp lists 200 and 422 only; a 404 falls under the API-wide ErrorBody rule.
    expect(statusDocumented.evaluate(input('runApp', 404, {}))).toEqual([]);
  });

  it('fails a success status the operation does not document (default documents errors only)', () => {
    expect(statusDocumented.evaluate(input('getAccount', 201, account))[0]?.expected).toBe('one of 200, default');
    expect(statusDocumented.evaluate(input('getHealth', 204, '')).length).toBe(1);
    expect(statusDocumented.evaluate(input('getHealth', 302, '')).length).toBe(1);
  });
});

describe('response.content-type', () => {
  it('accepts the documented media type with parameters', () => {
    expect(contentType.evaluate(input('getHealth', 200, { ok: true }, { 'content-type': 'application/json; charset=utf-8' }))).toEqual([]);
  });
  it('fails another media type, and a missing one', () => {
    expect(contentType.evaluate(input('getHealth', 200, { ok: true }, { 'content-type': 'text/plain' }))[0]?.expected).toBe('application/json');
    expect(contentType.evaluate(input('getAccount', 401, { code: 'x' }, { 'content-type': 'text/html' })).length).toBe(1);
  });
  it('expects text/event-stream for a run', () => {
    expect(contentType.evaluate(input('runApp', 200, 'data: {}', { 'content-type': 'text/event-stream' }))).toEqual([]);
    expect(contentType.evaluate(input('runApp', 200, {}, { 'content-type': 'application/json' })).length).toBe(1);
  });
});

describe('error.body-shape and error.status-matches', () => {
  const error = { code: 'unauthorized', message: 'bearer required', status: 401 };
  it('accepts an ErrorBody with or without hint and details, and open codes', () => {
    expect(errorBodyShape.evaluate(input('getAccount', 401, error))).toEqual([]);
    expect(
      errorBodyShape.evaluate(
        input('getAccount', 422, { code: 'a_future_code', message: 'm', status: 422, hint: null, details: [{ type: 'missing', loc: ['page', 0], msg: 'x' }] }),
      ),
    ).toEqual([]);
  });
  it('fails an RFC 8628 body outside the device flow, and accepts it on the device flow', () => {
    expect(errorBodyShape.evaluate(input('getAccount', 401, { error: 'unauthorized' })).length).toBe(1);
    expect(errorBodyShape.evaluate(input('pollDeviceToken', 400, { error: 'authorization_pending' }))).toEqual([]);
  });
  it('accepts the legacy rate-limit body on 429 only', () => {
    expect(errorBodyShape.evaluate(input('listApps', 429, { error: 'rate_limited', retry_after_ms: 1000 }))).toEqual([]);
    expect(errorBodyShape.evaluate(input('listApps', 400, { error: 'rate_limited', retry_after_ms: 1000 })).length).toBe(1);
  });
  it('judges an error status the operation lists with its own schema by that schema', () => {
    const failedImport = { id: 'i', status: 'failed', error: 'Import information expired or does not exist', app_id: null, app_mode: null };
    expect(errorBodyShape.evaluate(input('confirmImport', 400, failedImport))).toEqual([]);
    expect(errorBodyShape.evaluate(input('confirmImport', 400, { status: 'failed' })).length).toBe(1);
    expect(errorBodyShape.evaluate(input('confirmImport', 404, failedImport)).length).toBe(1);
  });

  it('fails HTML or empty error bodies', () => {
    expect(errorBodyShape.evaluate(input('getAccount', 404, '<html>nope</html>', { 'content-type': 'text/html' }))[0]?.observed).toMatch(/not JSON/);
    expect(errorBodyShape.evaluate(input('getAccount', 404, '')).length).toBe(1);
  });
  it('fails a status field that differs from the HTTP status', () => {
    expect(errorStatusMatches.evaluate(input('getAccount', 401, error))).toEqual([]);
    expect(errorStatusMatches.evaluate(input('getAccount', 404, error))[0]?.expected).toBe('404');
  });
});

describe('response.no-server-error', () => {
  it('fails any 5xx and nothing else', () => {
    expect(noServerError.evaluate(input('getAccount', 500, { code: 'internal_server_error', message: 'x', status: 500 })).length).toBe(1);
    expect(noServerError.evaluate(input('getAccount', 404, {}))).toEqual([]);
  });
});
