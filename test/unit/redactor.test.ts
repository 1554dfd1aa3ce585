import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../../lib/redact/redactor.ts';

describe('Redactor', () => {
  const token = 'dfoa_' + 'A'.repeat(43);
  it('masks registered secrets and token-shaped strings it was never told about', () => {
    const r = new Redactor(['my-console-secret']);
    expect(r.text('cookie my-console-secret here')).toBe(`cookie ${REDACTED} here`);
    expect(r.text(`{"token":"${token}"}`)).toBe(`{"token":"${REDACTED}"}`);
    expect(r.text('device dc_abcdefghijklmnop done')).toBe(`device ${REDACTED} done`);
  });

  it('masks each value of a cookie string', () => {
    const r = new Redactor(['access_token=abcdef123; csrf_token=zyxwvu987']);
    expect(r.text('got zyxwvu987')).toBe(`got ${REDACTED}`);
  });

  it('keeps the auth scheme but masks the credential, and masks cookie headers', () => {
    const r = new Redactor();
    expect(r.headers({ Authorization: `Bearer ${token}`, Cookie: 'a=b', 'X-CSRF-Token': 'x', Accept: 'application/json' })).toEqual({
      authorization: `Bearer ${REDACTED}`,
      cookie: REDACTED,
      'x-csrf-token': REDACTED,
      accept: 'application/json',
    });
    expect(r.headers({ authorization: 'Bearer ' })).toEqual({ authorization: 'Bearer ' });
  });

  it('ignores values too short to be secrets', () => {
    const r = new Redactor(['ab']);
    expect(r.text('abc')).toBe('abc');
  });

  it('redacts every string of a JSON value', () => {
    const r = new Redactor(['s3cr3t-value']);
    expect(r.json({ a: ['x s3cr3t-value'], b: { c: 's3cr3t-value' } })).toEqual({ a: [`x ${REDACTED}`], b: { c: REDACTED } });
  });
});
