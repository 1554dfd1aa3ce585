import { describe, expect, it } from 'vitest';
import { curlLine, toEvidence } from '../../lib/http/evidence.ts';
import { Redactor } from '../../lib/redact/redactor.ts';
import { answered } from './exchange-fixtures.ts';

const token = 'dfoa_' + 'Z'.repeat(43);
const options = { redactor: new Redactor([token, 'cookie-secret-1']), shellVariables: new Map([[token, 'DIFY_TOKEN']]) };

describe('evidence', () => {
  it('puts the configured token in curl lines as $DIFY_TOKEN and quotes for the shell', () => {
    const exchange = answered(
      'x',
      200,
      {},
      {},
      {
        method: 'POST',
        url: "http://h/openapi/v1/a?q=it's",
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"a":"b"}',
      },
    );
    const line = curlLine(exchange, options);
    expect(line).toContain('-H "authorization: Bearer $DIFY_TOKEN"');
    expect(line).toContain(`'http://h/openapi/v1/a?q=it'\\''s'`);
    expect(line).toContain(`--data-raw '{"a":"b"}'`);
    expect(line).not.toContain(token);
  });

  it('redacts secrets in every part of the evidence', () => {
    const exchange = answered(
      'x',
      200,
      { token, other: 'cookie-secret-1' },
      { 'set-cookie': 'a=cookie-secret-1' },
      { headers: { cookie: 'access_token=cookie-secret-1' } },
    );
    const text = JSON.stringify(toEvidence(exchange, options));
    expect(text).not.toContain(token);
    expect(text).not.toContain('cookie-secret-1');
  });
});
