/** Hand-made exchanges for testing pure checks. */
import type { AnsweredExchange } from '../../lib/model/exchange.ts';

export function answered(
  operationId: string | null,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  request: Partial<AnsweredExchange['request']> = {},
): AnsweredExchange {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  let jsonError: string | undefined;
  try {
    json = JSON.parse(bodyText) as unknown;
  } catch (error) {
    jsonError = String(error);
  }
  const contentType = headers['content-type'] ?? 'application/json';
  return {
    operationId,
    request: { method: 'GET', url: 'http://127.0.0.1:1/openapi/v1/x', headers: {}, ...request },
    response: {
      status,
      headers: { 'content-type': contentType, ...headers },
      mediaType: contentType.split(';')[0]?.trim().toLowerCase(),
      bodyText,
      bodyBytes: Buffer.byteLength(bodyText),
      ...(jsonError === undefined ? { json } : bodyText.trim() === '' ? {} : { jsonError }),
    },
    timings: { startedAt: 0, totalMs: 1 },
  };
}
