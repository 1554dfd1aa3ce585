/**
 * What a check's rule rests on, and the level that follows (the level policy of the project):
 * a rule is MUST when it rests on the seed (openapi.yaml), on a standard the API is built on, on
 * what the official client depends on (docs/client-behavior.md), or on keeping out who has no
 * credentials; a rule that only the server's documented behaviour states
 * (docs/server-behavior.md) is SHOULD. Every reference here is resolved by a test: seed pointers
 * in openapi.yaml, document sections in docs/, standard sections in STANDARD_SECTIONS.
 */
import type { Level } from '../model/outcome.ts';

/** The sections of the standards the API is built on that checks cite, with what each says. */
export const STANDARD_SECTIONS = {
  'RFC 9110 §5.5': 'Field values: leading and trailing whitespace is not part of the value.',
  'RFC 9110 §8.3': 'Content-Type: the media type of the content.',
  'RFC 9110 §9.2.2': 'Idempotent methods: DELETE and PUT can be repeated with the same effect.',
  'RFC 9110 §10.2.1': 'Allow: the methods the target resource supports.',
  'RFC 9110 §10.2.3': 'Retry-After: delay-seconds or an HTTP-date.',
  'RFC 9110 §11.1': 'Authentication scheme names are case-insensitive.',
  'RFC 9110 §11.6.1': 'WWW-Authenticate: a 401 response carries at least one challenge, in any order among others.',
  'RFC 9110 §15.5.2': '401 Unauthorized: the request lacks valid credentials; the server MUST send WWW-Authenticate.',
  'RFC 9110 §15.5.5': '404 Not Found: no current representation for the target resource.',
  'RFC 9110 §15.5.6': '405 Method Not Allowed: the server MUST generate an Allow header field.',
  'RFC 9110 §15.6': "5xx: the server erred or cannot perform the request; never the client's fault.",
  'RFC 6750 §2.1': 'The Authorization request header: "Bearer" 1*SP b64token.',
  'RFC 6750 §3': 'A resource server refusing a request for missing or invalid bearer credentials answers 401 with a Bearer WWW-Authenticate challenge.',
  'RFC 6750 §3.1': 'invalid_token: the token is expired, revoked, malformed or invalid (401).',
  'RFC 6749 §3.2': 'The token endpoint: the authorization server MUST ignore unrecognized request parameters.',
  'RFC 6749 §5.2': 'Token endpoint errors: HTTP 400 with a JSON object whose "error" is a code such as invalid_grant (RFC 8628 §3.5 uses these).',
  'RFC 8628 §3.1': 'The device authorization request is made by a client without an access token.',
  'RFC 8628 §3.2': 'The device authorization response: device_code, user_code, verification_uri, expires_in, interval.',
  'RFC 8628 §3.4': 'The device access token request is made by a client without an access token.',
  'RFC 8628 §3.5': 'Token polling: authorization_pending, slow_down, access_denied, expired_token; the token once approved.',
  'RFC 8628 §6.1': 'User codes: case-insensitive, punctuation ignored when compared (a recommendation).',
  'RFC 8259 §2': 'JSON text: a serialized value; an object begins with { and ends with }.',
  'WHATWG SSE §9.2.4': 'Server-sent events are sent as text/event-stream.',
  'WHATWG SSE §9.2.5': 'The event stream format: fields, comments, events separated by blank lines; any line ending.',
  'WHATWG SSE §9.2.6': 'Interpreting an event stream: data lines joined by LF; the event type defaults to "message".',
} as const;

export type StandardSection = keyof typeof STANDARD_SECTIONS;

export type Basis =
  /** A rule the seed states: a JSON pointer into openapi.yaml. */
  | { readonly kind: 'seed'; readonly pointer: string; readonly says?: string }
  | { readonly kind: 'standard'; readonly section: StandardSection; readonly says?: string }
  /** What the official client does with it (a section of docs/client-behavior.md). */
  | { readonly kind: 'client'; readonly section: string; readonly says: string }
  /** A request without the credentials an operation needs is refused. */
  | { readonly kind: 'security'; readonly says: string }
  /** Only the server's documented behaviour (a section of docs/server-behavior.md). */
  | { readonly kind: 'server'; readonly section: string; readonly says?: string };

export function seed(pointer: string, says?: string): Basis {
  return { kind: 'seed', pointer, ...(says === undefined ? {} : { says }) };
}

export function standard(section: StandardSection, says?: string): Basis {
  return { kind: 'standard', section, ...(says === undefined ? {} : { says }) };
}

export function client(section: string, says: string): Basis {
  return { kind: 'client', section, says };
}

export function security(says: string): Basis {
  return { kind: 'security', says };
}

export function server(section: string, says?: string): Basis {
  return { kind: 'server', section, ...(says === undefined ? {} : { says }) };
}

/** MUST when anything but the server's documentation supports the rule. */
export function levelOf(basis: readonly Basis[]): Level {
  return basis.some((b) => b.kind !== 'server') ? 'MUST' : 'SHOULD';
}

function withSays(ref: string, says: string | undefined): string {
  return says === undefined ? ref : `${ref} (${says})`;
}

/** One basis item as text, e.g. "RFC 9110 §15.5.2" or "docs/client-behavior.md §3 (…)". */
export function renderBasis(b: Basis): string {
  switch (b.kind) {
    case 'seed':
      return withSays(`seed: openapi.yaml ${b.pointer}`, b.says);
    case 'standard':
      return withSays(b.section, b.says);
    case 'client':
      return withSays(`client: docs/client-behavior.md ${b.section}`, b.says);
    case 'security':
      return `security: ${b.says}`;
    case 'server':
      return withSays(`docs/server-behavior.md ${b.section}`, b.says);
  }
}

/** The whole basis as one line, for tables and reports. */
export function renderSpecRef(basis: readonly Basis[]): string {
  return basis.map(renderBasis).join('; ');
}
