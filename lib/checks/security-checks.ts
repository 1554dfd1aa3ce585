/**
 * What the API keeps from browsers (docs/server-behavior.md §1.7): by default
 * no cross-origin page may read its answers.
 */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import { server } from './basis.ts';
import { defineCheck } from './check.ts';

export interface CorsInput {
  readonly exchange: AnsweredExchange;
  /** The Origin the request carried: one no deployment allows. */
  readonly origin: string;
}

export const corsClosed = defineCheck<CorsInput>(
  {
    id: 'security.cors-closed',
    area: 'security',
    statement:
      'A request (or CORS preflight) from an origin nobody allowed is not granted cross-origin access: no Access-Control-Allow-Origin names that origin or "*", and none comes with Access-Control-Allow-Credentials: true.',
    basis: [server('§1.7', 'the CORS allow-list is empty by default (OPENAPI_CORS_ALLOW_ORIGINS opens it)')],
  },
  ({ exchange, origin }) => {
    const allowOrigin = exchange.response.headers['access-control-allow-origin']?.trim();
    if (allowOrigin === undefined || (allowOrigin !== '*' && allowOrigin.toLowerCase() !== origin.toLowerCase())) return [];
    const credentials = exchange.response.headers['access-control-allow-credentials']?.trim().toLowerCase() === 'true';
    const out: Violation = {
      message: `${exchange.request.method} from the origin ${origin} was granted cross-origin access${credentials ? ' with credentials' : ''} (unless the deployment opened CORS on purpose with OPENAPI_CORS_ALLOW_ORIGINS)`,
      expected: 'no Access-Control-Allow-Origin for that origin',
      observed: `Access-Control-Allow-Origin: ${allowOrigin}${credentials ? ', Access-Control-Allow-Credentials: true' : ''}`,
    };
    return [out];
  },
);
