/**
 * The validation checks, fed with hand-made exchanges: each fails on the
 * deviation it targets and never blames an answer the rules allow.
 */
import { describe, expect, it } from 'vitest';
import { acceptsValid, deviceBadRequest, noEcho, rejectsOutOfBounds } from '../../lib/checks/validation-checks.ts';
import { answered } from './exchange-fixtures.ts';

const pydantic422 = (
  message: string,
  details: unknown[] = [{ type: 'int_parsing', loc: ['limit'], msg: 'Input should be a valid integer, unable to parse string as an integer' }],
) => answered('listSessions', 422, { code: 'invalid_param', message, status: 422, details });

describe('validation.accepts-valid', () => {
  it('wants a 2xx for a valid input that names existing objects', () => {
    expect(acceptsValid.evaluate({ exchange: answered('listSessions', 200, { data: [] }), expectation: 'success' })).toEqual([]);
    expect(acceptsValid.evaluate({ exchange: pydantic422('Request validation failed'), expectation: 'success' })[0]?.message).toMatch(/answered 422/);
    expect(
      acceptsValid.evaluate({ exchange: answered('exportApp', 404, { code: 'not_found', message: 'x', status: 404 }), expectation: 'success' }),
    ).toHaveLength(1);
  });

  it('accepts any answer but 422 and 5xx when the input names nothing on purpose', () => {
    const notFound = answered('updateMemberRole', 404, { code: 'not_found', message: 'member not found', status: 404 });
    expect(acceptsValid.evaluate({ exchange: notFound, expectation: 'not-rejected' })).toEqual([]);
    expect(acceptsValid.evaluate({ exchange: pydantic422('Request validation failed'), expectation: 'not-rejected' })).toHaveLength(1);
    expect(
      acceptsValid.evaluate({
        exchange: answered('updateMemberRole', 500, { code: 'internal_server_error', message: 'Internal Server Error', status: 500 }),
        expectation: 'not-rejected',
      }),
    ).toHaveLength(1);
  });
});

describe('validation.rejects-out-of-bounds', () => {
  it('wants 422', () => {
    expect(rejectsOutOfBounds.evaluate(pydantic422('Request validation failed'))).toEqual([]);
    expect(rejectsOutOfBounds.evaluate(answered('listSessions', 200, { data: [] }))[0]?.message).toMatch(/answered 200/);
  });
});

describe('validation.no-echo', () => {
  it("passes pydantic's own wording, even where a short value happens to occur in it", () => {
    const bounds = pydantic422('Request validation failed', [{ type: 'greater_than_equal', loc: ['page'], msg: 'Input should be greater than or equal to 1' }]);
    expect(noEcho.evaluate({ exchange: bounds, submitted: '1' })).toEqual([]);
    expect(noEcho.evaluate({ exchange: bounds, submitted: 'qual' })).toEqual([]);
  });

  it('fails a message or detail that quotes the value, or repeats a long one, or carries it as input', () => {
    expect(noEcho.evaluate({ exchange: pydantic422("Request validation failed: limit='abc'"), submitted: 'abc' })[0]?.message).toMatch(
      /repeats the submitted value "abc"/,
    );
    expect(
      noEcho.evaluate({ exchange: pydantic422('Request validation failed', [{ type: 'x', loc: ['role'], msg: 'got "owner"' }]), submitted: 'owner' }),
    ).toHaveLength(1);
    expect(noEcho.evaluate({ exchange: pydantic422('could not parse definitely-not-a-number'), submitted: 'definitely-not-a-number' })).toHaveLength(1);
    expect(
      noEcho.evaluate({ exchange: pydantic422('Request validation failed', [{ type: 'x', loc: ['inputs'], msg: 'bad', input: [1, 2] }]), submitted: [1, 2] }),
    ).toHaveLength(1);
  });

  it('does not judge answers other than 422, or inputs that sent nothing', () => {
    expect(noEcho.evaluate({ exchange: answered('listSessions', 200, { message: "'abc'" }), submitted: 'abc' })).toEqual([]);
    expect(noEcho.evaluate({ exchange: pydantic422("''"), submitted: '' })).toEqual([]);
    expect(noEcho.evaluate({ exchange: pydantic422('Request validation failed'), submitted: undefined })).toEqual([]);
  });
});

describe('validation.device-bad-request', () => {
  it('wants 400 with an ErrorBody', () => {
    expect(deviceBadRequest.evaluate(answered('createDeviceCode', 400, { code: 'bad_request', message: '1 validation error', status: 400 }))).toEqual([]);
    expect(deviceBadRequest.evaluate(answered('createDeviceCode', 400, { error: 'invalid_request' }))[0]?.message).toMatch(/not an ErrorBody/);
    expect(deviceBadRequest.evaluate(answered('createDeviceCode', 422, { code: 'invalid_param', message: 'x', status: 422 }))[0]?.message).toMatch(
      /answered 422/,
    );
  });
});
