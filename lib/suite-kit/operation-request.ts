/**
 * Turns a test's call of a spec operation (path values, query, body, auth) into the request
 * the transport sends (lib/http/exchange.ts).
 */
import type { ExchangeRequest } from '../http/exchange.ts';
import type { OperationInfo } from '../spec/spec-index.ts';
import { buildUrl, type QueryValue } from './request-builder.ts';

export type AuthMode = 'token' | 'none' | { readonly token: string } | { readonly authorization: string };

export interface CallOptions {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>> | string;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is, with `contentType`. */
  readonly rawBody?: string | Uint8Array;
  readonly contentType?: string;
  /** Describes a binary body in records. */
  readonly bodyDescription?: string;
  /** Default: the run's token on protected operations, none on auth-free ones. */
  readonly auth?: AuthMode;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Target {
  readonly baseUrl: string;
  readonly token: string;
}

export function operationRequest(target: Target, operation: OperationInfo, options: CallOptions, accept: string): ExchangeRequest {
  const headers: Record<string, string> = { accept, ...authHeader(options.auth ?? (operation.authFree ? 'none' : 'token'), target.token) };
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  }
  Object.assign(headers, options.headers ?? {});
  return {
    operationId: operation.operationId,
    method: operation.method,
    url: buildUrl(target.baseUrl, operation, options.path ?? {}, options.query),
    route: `${operation.method} ${operation.path}`,
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.bodyDescription === undefined ? {} : { bodyDescription: options.bodyDescription }),
  };
}

function authHeader(mode: AuthMode, token: string): Record<string, string> {
  if (mode === 'none') return {};
  if (mode === 'token') return { authorization: `Bearer ${token}` };
  if ('token' in mode) return { authorization: `Bearer ${mode.token}` };
  return { authorization: mode.authorization };
}
