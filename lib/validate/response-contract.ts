/**
 * What openapi.yaml allows an operation to answer, compiled once per process
 * with ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1). Checks receive a
 * ResponseContract and stay pure; only this module knows about ajv.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { DEVICE_TOKEN_SCHEMA, LEGACY_RATE_LIMIT_SCHEMA, RFC8628_ERROR_SCHEMA } from '../spec/behavior-schemas.ts';
import type { SpecIndex } from '../spec/spec-index.ts';

// ajv-formats ships CommonJS; its default export arrives wrapped under ESM.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const DOCUMENT_ID = 'openapi.json';
const ERROR_BODY_POINTER = '#/components/schemas/ErrorBody';
const MAX_REPORTED_ERRORS = 5;

export interface ResponseContract {
  readonly operationId: string;
  /** Response codes as written in the spec, e.g. ['200', '422', 'default']. */
  readonly documentedCodes: readonly string[];
  readonly hasDefault: boolean;
  /** Device-flow operations answer errors in the RFC 8628 shape. */
  readonly rfc8628Errors: boolean;
  /** How a status is documented: its own entry, the `default` entry, the API-wide error rule, or not at all. */
  documentation(status: number): 'explicit' | 'default' | 'api-wide-error' | 'undocumented';
  /** Media types the spec allows for this status; empty when it states none. */
  mediaTypes(status: number): readonly string[];
  /** Schema errors of a JSON body for this status and media type; undefined when the spec gives no schema. */
  validateBody(status: number, mediaType: string, body: unknown): readonly string[] | undefined;
  validateErrorBody(body: unknown): readonly string[];
  validateRfc8628Error(body: unknown): readonly string[];
  validateLegacyRateLimit(body: unknown): readonly string[];
}

export class ContractCompiler {
  readonly #ajv: Ajv2020;
  readonly #spec: SpecIndex;
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #contracts = new Map<string, ResponseContract>();

  constructor(spec: SpecIndex) {
    this.#spec = spec;
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema(spec.document as object, DOCUMENT_ID);
    this.#ajv.addSchema(RFC8628_ERROR_SCHEMA, 'rfc8628-error');
    this.#ajv.addSchema(LEGACY_RATE_LIMIT_SCHEMA, 'legacy-rate-limit');
    this.#ajv.addSchema(DEVICE_TOKEN_SCHEMA, 'device-token');
  }

  /** Validates a value against a schema given by JSON pointer into openapi.yaml ('#/components/schemas/X') or by a registered id. */
  validate(schemaRef: string, value: unknown): readonly string[] {
    let validator = this.#validators.get(schemaRef);
    if (validator === undefined) {
      const key = schemaRef.startsWith('#') ? `${DOCUMENT_ID}${schemaRef}` : schemaRef;
      validator = this.#ajv.getSchema(key);
      if (validator === undefined) throw new Error(`no schema at ${schemaRef}`);
      this.#validators.set(schemaRef, validator);
    }
    return validator(value) ? [] : describeErrors(validator.errors ?? []);
  }

  contract(operationId: string): ResponseContract {
    const existing = this.#contracts.get(operationId);
    if (existing !== undefined) return existing;
    const operation = this.#spec.operation(operationId);
    const responses = operation.responses;
    const hasDefault = responses.has('default');
    const entryFor = (status: number) => responses.get(String(status)) ?? responses.get(`${String(status)[0]}XX`) ?? responses.get('default');
    const documentation = (status: number): ReturnType<ResponseContract['documentation']> => {
      if (responses.has(String(status)) || responses.has(`${String(status)[0]}XX`)) return 'explicit';
      // The seed's `default` entries are described as "Error" with an ErrorBody schema: they
      // document error statuses only, never an unlisted success (recorded decision).
      if (status < 400) return 'undocumented';
      if (hasDefault) return 'default';
      // docs/server-behavior.md §2.1: every non-2xx under /openapi/v1 is an ErrorBody, also on
      // operations whose seed entry lists no `default` (the seed rendering drops them there).
      return 'api-wide-error';
    };
    const contract: ResponseContract = {
      operationId,
      documentedCodes: [...responses.keys()],
      hasDefault,
      rfc8628Errors: operation.area === 'device-flow',
      documentation,
      mediaTypes: (status) => {
        if (documentation(status) === 'api-wide-error') return ['application/json'];
        const entry = entryFor(status);
        return entry === undefined ? [] : [...entry.content.keys()];
      },
      validateBody: (status, mediaType, body) => {
        const entry = entryFor(status);
        const pointer = entry?.content.get(mediaType);
        if (pointer === undefined) return undefined;
        return this.validate(pointer, body);
      },
      validateErrorBody: (body) => this.validate(ERROR_BODY_POINTER, body),
      validateRfc8628Error: (body) => this.validate('rfc8628-error', body),
      validateLegacyRateLimit: (body) => this.validate('legacy-rate-limit', body),
    };
    this.#contracts.set(operationId, contract);
    return contract;
  }
}

function describeErrors(errors: readonly ErrorObject[]): string[] {
  const out = errors.slice(0, MAX_REPORTED_ERRORS).map((e) => {
    const where = e.instancePath === '' ? 'body' : `body${e.instancePath.replace(/\//g, '.')}`;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
  if (errors.length > MAX_REPORTED_ERRORS) out.push(`… and ${errors.length - MAX_REPORTED_ERRORS} more`);
  return out;
}
