/**
 * Shapes the seed does not state but the real server's behaviour fixes.
 * Each names where it comes from; checks built on them are SHOULD level
 * unless a standard (RFC 8628) makes them a MUST.
 */

/** RFC 8628 §3.5 / RFC 6749 §5.2 error response of the device-flow endpoints (docs/server-behavior.md §4.3). */
export const RFC8628_ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', minLength: 1 },
    error_description: { type: 'string' },
    error_uri: { type: 'string' },
  },
} as const;

/** Legacy per-token rate-limit answer that bypasses ErrorBody (docs/server-behavior.md §1.4). */
export const LEGACY_RATE_LIMIT_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { const: 'rate_limited' },
    retry_after_ms: { type: 'integer' },
  },
} as const;

/**
 * The 200 payload of POST /oauth/device/token, as far as the client reads it (docs/client-behavior.md
 * §2; docs/server-behavior.md §4.3). expires_at is left out: the client does not read it, so its form
 * is judged apart, at SHOULD level (device.token-expires-future).
 */
export const DEVICE_TOKEN_SCHEMA = {
  type: 'object',
  required: ['token', 'token_id', 'subject_type'],
  properties: {
    token: { type: 'string', minLength: 1 },
    token_id: { type: 'string', minLength: 1 },
    subject_type: { enum: ['account', 'external_sso'] },
    account: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['id', 'email', 'name'], properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } } },
      ],
    },
    workspaces: { type: ['array', 'null'], items: { type: 'object', required: ['id', 'name', 'role'] } },
    default_workspace_id: { type: ['string', 'null'] },
    subject_email: { type: ['string', 'null'] },
    subject_issuer: { type: ['string', 'null'] },
  },
} as const;
