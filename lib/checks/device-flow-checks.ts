/**
 * The OAuth device authorization grant (RFC 8628) as Dify serves it
 * (docs/server-behavior.md §4).
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import { client, security, seed, server, standard } from './basis.ts';
import { defineCheck } from './check.ts';

function rfcError(exchange: AnsweredExchange): unknown {
  return (exchange.response.json as { error?: unknown } | undefined)?.error;
}

export const lookupUnknownInvalid = defineCheck<AnsweredExchange>({
  id: 'device.lookup-unknown-invalid',
  area: 'device-flow',
  statement: 'Looking up a user code that was never issued answers 200 with valid false.',
  basis: [seed('#/components/schemas/DeviceLookupResponse/properties/valid', 'a code never issued cannot be valid'), server('§4.4')],
}, (exchange) => {
  const { status, json } = exchange.response;
  if (status === 200 && (json as { valid?: unknown } | undefined)?.valid === false) return [];
  return [{ message: `looking up an unknown user code was answered ${status}`, expected: '200 {"valid": false}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const pollUnknownRejected = defineCheck<AnsweredExchange>({
  id: 'device.poll-unknown-rejected',
  area: 'device-flow',
  statement: 'Polling with a device code that was never issued answers 400 with the error expired_token (or invalid_grant).',
  basis: [standard('RFC 8628 §3.5', 'expired_token'), standard('RFC 6749 §5.2', 'invalid_grant, HTTP 400'), client('§2', 'a poll answer without an error field fails the login as no OAuth envelope'), server('§4.3')],
}, (exchange) => {
  const status = exchange.response.status;
  const error = rfcError(exchange);
  if (status === 400 && (error === 'expired_token' || error === 'invalid_grant')) return [];
  return [{ message: `polling an unknown device code was answered ${status} ${JSON.stringify(error ?? null)}`, expected: '400 {"error": "expired_token"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const mutateUnknownNotFound = defineCheck<AnsweredExchange>({
  id: 'device.mutate-unknown-404',
  area: 'device-flow',
  statement: 'Approving or denying a user code that was never issued answers 404.',
  basis: [server('§4.5', 'unknown or expired user code: 404 {"error": "expired_or_unknown"}')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 404) return [];
  return [{ message: `approving or denying an unknown user code was answered ${status}`, expected: '404', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export const codeIssued = defineCheck<AnsweredExchange>({
  id: 'device.code-issued',
  area: 'device-flow',
  statement: 'A device authorization request for a known client answers 200 with non-empty device_code, user_code and verification_uri, and positive integer expires_in and interval.',
  basis: [seed('#/components/schemas/DeviceCodeResponse'), standard('RFC 8628 §3.2'), client('§2', 'the CLI needs non-empty device_code, user_code and verification_uri')],
}, (exchange) => {
  const { status, json } = exchange.response;
  if (status !== 200) return [{ message: `the device authorization request was answered ${status}`, expected: '200', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
  const body = (json ?? {}) as Record<string, unknown>;
  const out = [];
  for (const field of ['device_code', 'user_code', 'verification_uri']) {
    if (typeof body[field] !== 'string' || body[field] === '') out.push({ message: `${field} is missing or empty`, expected: 'a non-empty string', observed: JSON.stringify(body[field] ?? null) });
  }
  for (const field of ['expires_in', 'interval']) {
    const value = body[field];
    if (!Number.isInteger(value) || (value as number) <= 0) out.push({ message: `${field} is not a positive integer`, expected: 'an integer > 0', observed: JSON.stringify(value ?? null) });
  }
  return out;
});

export const verificationUriAbsolute = defineCheck<AnsweredExchange>({
  id: 'device.verification-uri-absolute',
  area: 'device-flow',
  statement: 'The verification_uri of a device authorization is an absolute http(s) URI with a host.',
  basis: [standard('RFC 8628 §3.2', 'verification_uri is the end-user verification URI'), client('§2', 'the CLI refuses a verification_uri that does not parse or has no host')],
}, (exchange) => {
  const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
  if (exchange.response.status !== 200 || typeof uri !== 'string') return [];
  try {
    const url = new URL(uri);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.host !== '') return [];
  } catch {
    // fall through to the violation
  }
  return [{ message: 'verification_uri is not an absolute http(s) URI', expected: 'e.g. https://console.example.com/device', observed: uri }];
});

export const verificationUriHttps = defineCheck<AnsweredExchange>({
  id: 'device.verification-uri-https',
  area: 'device-flow',
  statement: 'The verification_uri uses https, unless the API itself is served over plain http from the same host (where the client needs --insecure anyway).',
  basis: [client('§2', 'the CLI refuses an http verification_uri unless run with --insecure')],
}, (exchange) => {
  const uri = (exchange.response.json as { verification_uri?: unknown } | undefined)?.verification_uri;
  if (exchange.response.status !== 200 || typeof uri !== 'string' || uri.startsWith('https://')) return [];
  const api = new URL(exchange.request.url);
  if (api.protocol === 'http:' && hostOf(uri) === api.hostname) return [];
  return [{ message: `verification_uri is not https${api.protocol === 'https:' ? ' although the API is' : ''}`, expected: 'https://…', observed: uri }];
});

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname;
  } catch {
    return undefined;
  }
}

export const unknownClientRejected = defineCheck<AnsweredExchange>({
  id: 'device.unknown-client-rejected',
  area: 'device-flow',
  statement: 'A device authorization request for an unknown client id is refused with a 4xx answer and no device code.',
  basis: [standard('RFC 6749 §5.2', 'invalid_client'), server('§4.2', '400 {"error": "unsupported_client"}')],
}, (exchange) => {
  const { status, json } = exchange.response;
  const issued = (json as { device_code?: unknown } | undefined)?.device_code;
  if (status >= 400 && status < 500 && issued === undefined) return [];
  return [{ message: `a device authorization for an unknown client was answered ${status}`, expected: '400 {"error": "unsupported_client"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export interface LookupPendingInput {
  readonly exchange: AnsweredExchange;
  readonly clientId: string;
}

export const lookupPendingValid = defineCheck<LookupPendingInput>({
  id: 'device.lookup-pending-valid',
  area: 'device-flow',
  statement: 'Looking up the user code of a pending device authorization answers 200 with valid true and, when given, the client id it was issued to.',
  basis: [seed('#/components/schemas/DeviceLookupResponse/properties/valid', 'a code that can still be approved is valid'), server('§4.4', 'client_id is the client the code was issued to')],
}, ({ exchange, clientId }) => {
  const { status, json } = exchange.response;
  const body = (json ?? {}) as { valid?: unknown; client_id?: unknown };
  const out = [];
  if (status !== 200 || body.valid !== true) out.push({ message: `looking up a pending user code was answered ${status} valid=${JSON.stringify(body.valid ?? null)}`, expected: '200 {"valid": true}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` });
  else if (body.client_id !== undefined && body.client_id !== null && body.client_id !== clientId) out.push({ message: 'the lookup names another client id', expected: clientId, observed: String(body.client_id) });
  return out;
});

export const lookupNormalises = defineCheck<AnsweredExchange>({
  id: 'device.lookup-normalises',
  area: 'device-flow',
  statement: 'A pending user code typed in lower case with surrounding spaces is still found (valid true).',
  basis: [server('§4.4', 'strip and upper-case')],
}, (exchange) => {
  const valid = (exchange.response.json as { valid?: unknown } | undefined)?.valid;
  if (exchange.response.status === 200 && valid === true) return [];
  return [{ message: 'a lower-cased, space-padded pending user code was not recognised', expected: '200 {"valid": true}', observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

function expectRfcError(exchange: AnsweredExchange, expected: readonly string[], when: string) {
  const status = exchange.response.status;
  const error = rfcError(exchange);
  if (status === 400 && typeof error === 'string' && expected.includes(error)) return [];
  return [{ message: `${when}, the poll was answered ${status} ${JSON.stringify(error ?? null)}`, expected: `400 {"error": "${expected.join('" or "')}"}`, observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
}

export const pollPending = defineCheck<AnsweredExchange>({
  id: 'device.poll-pending',
  area: 'device-flow',
  statement: 'Polling a device code that is not yet approved answers 400 {"error": "authorization_pending"} (or slow_down when polled too fast) and no token.',
  basis: [standard('RFC 8628 §3.5', 'authorization_pending'), standard('RFC 6749 §5.2', 'HTTP 400'), client('§2', 'authorization_pending keeps the CLI waiting'), server('§4.3')],
}, (exchange) => expectRfcError(exchange, ['authorization_pending', 'slow_down'], 'before approval'));

export const pollSlowDown = defineCheck<AnsweredExchange>({
  id: 'device.poll-slow-down',
  area: 'device-flow',
  statement: 'Polling again sooner than the interval answers 400 {"error": "slow_down"}.',
  basis: [server('§4.3', 'a poll within interval seconds of the previous one answers slow_down; RFC 8628 §3.5 lets the server choose')],
}, (exchange) => expectRfcError(exchange, ['slow_down'], 'polling again at once'));

export const pollApprovedToken = defineCheck<AnsweredExchange>({
  id: 'device.poll-approved-token',
  area: 'device-flow',
  statement: 'The first poll after approval answers 200 with a non-empty token.',
  basis: [standard('RFC 8628 §3.5', 'the access token response once approved'), client('§2', 'the CLI needs a non-empty string token'), server('§4.3')],
}, (exchange) => {
  const token = (exchange.response.json as { token?: unknown } | undefined)?.token;
  if (exchange.response.status === 200 && typeof token === 'string' && token !== '') return [];
  return [{ message: `the poll after approval was answered ${exchange.response.status} without a token`, expected: '200 {"token": "dfoa_…", …}', observed: `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export interface PayloadInput {
  readonly exchange: AnsweredExchange;
  readonly schemaErrors: readonly string[];
}

export const tokenPayloadShape = defineCheck<PayloadInput>({
  id: 'device.token-payload-shape',
  area: 'device-flow',
  statement: 'The token payload carries token, token_id, expires_at and subject_type, with account and workspaces of the documented shapes.',
  basis: [client('§2', 'the CLI reads token, token_id, subject_type, account (its email is mandatory), workspaces and default_workspace_id'), server('§4.3')],
}, ({ exchange, schemaErrors }) => {
  if (exchange.response.status !== 200 || schemaErrors.length === 0) return [];
  return [{ message: `the token payload does not have the documented shape: ${schemaErrors.join('; ')}`, expected: 'the DeviceTokenResponse shape', observed: schemaErrors.join('; ') }];
});

export const pollSingleUse = defineCheck<AnsweredExchange>({
  id: 'device.poll-single-use',
  area: 'device-flow',
  statement: 'Polling again after a token was issued answers 400 {"error": "expired_token"} (or invalid_grant), never a second token.',
  basis: [standard('RFC 8628 §3.5', 'expired_token once the session has concluded'), security('a used device code is no credential for another token'), server('§4.1')],
}, (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after the token was issued'));

export const pollDenied = defineCheck<AnsweredExchange>({
  id: 'device.poll-denied',
  area: 'device-flow',
  statement: 'The first poll after the user denied the request answers 400 {"error": "access_denied"}.',
  basis: [standard('RFC 8628 §3.5', 'access_denied'), client('§2', 'access_denied ends the login as denied'), server('§4.3')],
}, (exchange) => expectRfcError(exchange, ['access_denied'], 'after denial'));

export const pollDeniedConsumed = defineCheck<AnsweredExchange>({
  id: 'device.poll-denied-consumed',
  area: 'device-flow',
  statement: 'Polling again after access_denied answers 400 expired_token (or invalid_grant): the denied code is used up.',
  basis: [server('§4.1', 'the denied state is consumed by the poll that reports it')],
}, (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after access_denied was reported'));

export const codeExpires = defineCheck<AnsweredExchange>({
  id: 'device.code-expires',
  area: 'device-flow',
  statement: 'Polling a device code after its expires_in has passed answers 400 {"error": "expired_token"}.',
  basis: [standard('RFC 8628 §3.5', 'expired_token'), client('§2', 'the CLI does not count down expires_in; it stops on expired_token'), server('§4.1')],
}, (exchange) => expectRfcError(exchange, ['expired_token', 'invalid_grant'], 'after the code expired'));

export const approveResolvedConflict = defineCheck<AnsweredExchange>({
  id: 'device.approve-resolved-409',
  area: 'device-flow',
  statement: 'Approving a user code that was already approved or denied answers 409.',
  basis: [server('§4.5', 'not pending: 409 {"error": "already_resolved"}')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 409) return [];
  return [{ message: `approving an already resolved user code was answered ${status}`, expected: '409', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});
