/**
 * Builds the URL of a spec operation from its path template, path values and
 * query, the way a client of the spec would.
 */
import type { OperationInfo } from '../spec/spec-index.ts';

export type QueryValue = string | number | boolean | undefined;

export function buildUrl(
  baseUrl: string,
  operation: OperationInfo,
  pathValues: Readonly<Record<string, string>>,
  query?: Readonly<Record<string, QueryValue>> | string,
): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = pathValues[name];
    if (value === undefined) throw new Error(`${operation.operationId} needs a value for the path parameter ${name}`);
    return encodeURIComponent(value);
  });
  return `${baseUrl}${path}${queryString(query)}`;
}

export function queryString(query: Readonly<Record<string, QueryValue>> | string | undefined): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query === '' ? '' : `?${query.replace(/^\?/, '')}`;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
