/**
 * The OAuth device authorization grant (RFC 8628) as Dify serves it
 * (docs/server-behavior.md §4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import { defineCheck } from './check.ts';

function rfcError(exchange: AnsweredExchange): unknown {
  return (exchange.response.json as { error?: unknown } | undefined)?.error;
}

export const lookupUnknownInvalid = defineCheck<AnsweredExchange>({
  id: 'device.lookup-unknown-invalid',
  level: 'MUST',
  area: 'device-flow',
  specRef: 'seed: DeviceLookupResponse.valid; docs/server-behavior.md §4.4 (unknown → 200 {"valid": false})',
  statement: 'Looking up a user code that was never issued answers 200 with valid false.',
}, (exchange) => {
  const { status, json } = exchange.response;
  if (status === 200 && (json as { valid?: unknown } | undefined)?.valid === false) return [];
  return [{ message: `looking up an unknown user code was answered ${status}`, expected: '200 {"valid": false}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const pollUnknownRejected = defineCheck<AnsweredExchange>({
  id: 'device.poll-unknown-rejected',
  level: 'MUST',
  area: 'device-flow',
  specRef: 'RFC 8628 §3.5, RFC 6749 §5.2; docs/server-behavior.md §4.3 (unknown device code → 400 {"error": "expired_token"})',
  statement: 'Polling with a device code that was never issued answers 400 with the error expired_token (or invalid_grant).',
}, (exchange) => {
  const status = exchange.response.status;
  const error = rfcError(exchange);
  if (status === 400 && (error === 'expired_token' || error === 'invalid_grant')) return [];
  return [{ message: `polling an unknown device code was answered ${status} ${JSON.stringify(error ?? null)}`, expected: '400 {"error": "expired_token"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const mutateUnknownNotFound = defineCheck<AnsweredExchange>({
  id: 'device.mutate-unknown-404',
  level: 'MUST',
  area: 'device-flow',
  specRef: 'docs/server-behavior.md §4.5 (unknown or expired user code → 404 {"error": "expired_or_unknown"})',
  statement: 'Approving or denying a user code that was never issued answers 404.',
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 404) return [];
  return [{ message: `approving or denying an unknown user code was answered ${status}`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});
