/**
 * Turns a raw exchange into the redacted evidence kept with a failure, with a
 * curl line that reproduces the request (style.md rule 5).
 */
import type { Exchange } from '../model/exchange.ts';
import type { Evidence } from '../model/outcome.ts';
import type { Redactor } from '../redact/redactor.ts';

const BODY_LIMIT = 4096;

export interface EvidenceOptions {
  readonly redactor: Redactor;
  /** Secret value → shell variable name used in its place in curl lines (e.g. the configured token → DIFY_TOKEN). */
  readonly shellVariables: ReadonlyMap<string, string>;
}

export function toEvidence(exchange: Exchange, options: EvidenceOptions): Evidence {
  const { redactor } = options;
  const response = exchange.response;
  return {
    method: exchange.request.method,
    url: redactor.text(exchange.request.url),
    requestHeaders: redactor.headers(exchange.request.headers),
    ...(exchange.request.body === undefined ? {} : { requestBody: truncate(redactor.text(exchange.request.body)) }),
    ...(response === undefined
      ? {}
      : {
          status: response.status,
          responseHeaders: redactor.headers(response.headers),
          responseBody: truncate(redactor.text(response.bodyText)),
        }),
    ...(exchange.transportError === undefined ? {} : { transportError: `${exchange.transportError.kind}: ${redactor.text(exchange.transportError.message)}` }),
    curl: curlLine(exchange, options),
  };
}

function truncate(text: string): string {
  return text.length <= BODY_LIMIT ? text : `${text.slice(0, BODY_LIMIT)}… (${text.length - BODY_LIMIT} more characters)`;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A copy-pasteable curl command; secrets appear as "$VARIABLE" or [REDACTED], never as values. */
export function curlLine(exchange: Exchange, options: EvidenceOptions): string {
  const parts = ['curl', '-sS', '-i'];
  const accept = exchange.request.headers['accept'];
  if (accept?.includes('text/event-stream') === true) parts.push('-N');
  parts.push('-X', exchange.request.method, shellQuote(options.redactor.text(exchange.request.url)));
  const contentType = exchange.request.headers['content-type'] ?? '';
  const isMultipart = contentType.startsWith('multipart/form-data');
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    // curl -F writes its own multipart Content-Type with its own boundary.
    if (isMultipart && name === 'content-type') continue;
    parts.push('-H', headerArgument(name, value, options));
  }
  const body = exchange.request.body;
  if (body !== undefined) {
    if (isMultipart) {
      for (const match of body.matchAll(/(\w+)=(@?[^,>]+)/g)) parts.push('-F', shellQuote(`${match[1] ?? ''}=${match[2] ?? ''}`));
    } else {
      parts.push('--data-raw', shellQuote(truncate(options.redactor.text(body))));
    }
  }
  return parts.join(' ');
}

function headerArgument(name: string, value: string, options: EvidenceOptions): string {
  for (const [secret, variable] of options.shellVariables) {
    if (value.includes(secret)) {
      // Double quotes so the shell expands the variable.
      return `"${name}: ${value.split(secret).join(`$${variable}`).replace(/"/g, '\\"')}"`;
    }
  }
  const redacted = options.redactor.headers({ [name]: value })[name.toLowerCase()] ?? '';
  return shellQuote(`${name}: ${redacted}`);
}
