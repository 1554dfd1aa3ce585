// Request validation in the shape of the real server's pydantic models
// (docs/server-behavior.md §2.4): every failure becomes a 422 ErrorBody whose
// details carry pydantic's type and message, never the submitted value.
//
// Integers from query strings follow pydantic v2 lax mode as we read it:
// surrounding whitespace is stripped, a sign and leading zeros are accepted
// (" 5", "+5", "05" → 5), and anything else — including fractional strings
// such as "5.0" and underscores — is `int_parsing`.
import { ApiError, VALIDATION_FAILED, validationError } from './errors.ts';
import type { ErrorDetail } from './errors.ts';
import type { FaultSwitches } from './faults.ts';

const INT_TEXT = /^[+-]?\d+$/;
const TRUE_WORDS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

export const MESSAGES = {
  missing: 'Field required',
  extraForbidden: 'Extra inputs are not permitted',
  intParsing: 'Input should be a valid integer, unable to parse string as an integer',
  boolParsing: 'Input should be a valid boolean, unable to interpret input',
  boolType: 'Input should be a valid boolean',
  stringType: 'Input should be a valid string',
  dictType: 'Input should be a valid dictionary',
  listType: 'Input should be a valid list',
} as const;

/** pydantic's wording for a closed choice: 'a', 'b' or 'c'. */
export function choiceMessage(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  const last = quoted.pop();
  return quoted.length === 0 ? `Input should be ${last}` : `Input should be ${quoted.join(', ')} or ${last}`;
}

export function parseIntText(text: string): number | undefined {
  const trimmed = text.trim();
  return INT_TEXT.test(trimmed) ? Number.parseInt(trimmed, 10) : undefined;
}

export function parseBoolText(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

export type QueryField =
  | { kind: 'int'; default: number; ge?: number; le?: number }
  | { kind: 'choice'; values: readonly string[]; type: 'enum' | 'literal_error' }
  | { kind: 'text'; maxLength?: number }
  | { kind: 'bool'; default: boolean };

type QueryValue<F extends QueryField> = F extends { kind: 'int' } ? number : F extends { kind: 'bool' } ? boolean : string | undefined;

export type ParsedQuery<S extends Record<string, QueryField>> = { [K in keyof S]: QueryValue<S[K]> };

/**
 * The 422 of a failed model, as the switched-on validation faults distort it:
 * without details, with a loc that names no parameter, or quoting the value.
 */
function refusal(details: ErrorDetail[], submitted: ReadonlyMap<string, unknown>, wrongLoc: string, faults: FaultSwitches | undefined): ApiError {
  if (faults?.has('validation-no-details')) return new ApiError(422, VALIDATION_FAILED);
  if (faults?.has('validation-wrong-loc')) return validationError(details.map((detail) => ({ ...detail, loc: [wrongLoc] })));
  const echoed = faults?.has('validation-echoes-input') ? details.map((detail) => String(detail.loc[0] ?? '')).find((name) => submitted.has(name)) : undefined;
  if (echoed !== undefined) {
    const value = submitted.get(echoed);
    return new ApiError(422, `${VALIDATION_FAILED}: ${echoed}='${typeof value === 'string' ? value : JSON.stringify(value)}'`, { details });
  }
  return validationError(details);
}

/**
 * Validates a flat query string against a model. Like Flask's `args.to_dict()`,
 * a repeated parameter counts once, with its first value. `strict` models
 * reject parameters they do not declare; `ignore` lists parameters a guard has
 * already consumed.
 */
export function parseQuery<S extends Record<string, QueryField>>(
  query: URLSearchParams,
  spec: S,
  options: { strict: boolean; ignore?: readonly string[]; faults?: FaultSwitches },
): ParsedQuery<S> {
  const details: ErrorDetail[] = [];
  const parsed: Record<string, number | boolean | string | undefined> = {};
  for (const [name, field] of Object.entries(spec)) {
    const raw = query.get(name);
    parsed[name] = readQueryField(name, field, raw, details);
  }
  if (options.strict) {
    const seen = new Set<string>();
    for (const name of query.keys()) {
      if (name in spec || seen.has(name) || options.ignore?.includes(name)) continue;
      seen.add(name);
      details.push({ type: 'extra_forbidden', loc: [name], msg: MESSAGES.extraForbidden });
    }
  }
  if (details.length > 0) throw refusal(details, new Map(query), 'query', options.faults);
  return parsed as ParsedQuery<S>;
}

function readQueryField(name: string, field: QueryField, raw: string | null, details: ErrorDetail[]): number | boolean | string | undefined {
  switch (field.kind) {
    case 'int': {
      if (raw === null) return field.default;
      const value = parseIntText(raw);
      if (value === undefined) {
        details.push({ type: 'int_parsing', loc: [name], msg: MESSAGES.intParsing });
      } else if (field.ge !== undefined && value < field.ge) {
        details.push({ type: 'greater_than_equal', loc: [name], msg: `Input should be greater than or equal to ${field.ge}` });
      } else if (field.le !== undefined && value > field.le) {
        details.push({ type: 'less_than_equal', loc: [name], msg: `Input should be less than or equal to ${field.le}` });
      }
      return value ?? field.default;
    }
    case 'bool': {
      if (raw === null) return field.default;
      const value = parseBoolText(raw);
      if (value === undefined) details.push({ type: 'bool_parsing', loc: [name], msg: MESSAGES.boolParsing });
      return value ?? field.default;
    }
    case 'choice': {
      if (raw === null) return undefined;
      if (!field.values.includes(raw)) details.push({ type: field.type, loc: [name], msg: choiceMessage(field.values) });
      return raw;
    }
    case 'text': {
      if (raw === null) return undefined;
      if (field.maxLength !== undefined && raw.length > field.maxLength) {
        details.push({ type: 'string_too_long', loc: [name], msg: `String should have at most ${field.maxLength} characters` });
      }
      return raw;
    }
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects pydantic-style details while a handler reads a JSON body field by
 * field; `finish()` throws the 422 when anything was wrong. A body that is not
 * a JSON object is read as `{}` plus a `model_type` detail.
 */
export class BodyReader {
  readonly details: ErrorDetail[] = [];
  private readonly fields: Record<string, unknown>;
  private readonly declared = new Set<string>();
  private readonly faults: FaultSwitches | undefined;

  constructor(body: unknown, modelName: string, faults?: FaultSwitches) {
    this.faults = faults;
    if (isPlainObject(body)) {
      this.fields = body;
    } else {
      this.fields = {};
      if (body !== undefined) {
        this.details.push({ type: 'model_type', loc: [], msg: `Input should be a valid dictionary or instance of ${modelName}` });
      }
    }
  }

  private take(key: string, required: boolean): unknown {
    this.declared.add(key);
    const value = this.fields[key];
    if ((value === undefined || value === null) && required) {
      this.details.push({ type: 'missing', loc: [key], msg: MESSAGES.missing });
    }
    return value ?? undefined;
  }

  string(key: string, options: { required: true }): string;
  string(key: string, options?: { required?: false }): string | undefined;
  string(key: string, options: { required?: boolean } = {}): string | undefined {
    const value = this.take(key, options.required ?? false);
    if (value === undefined) return options.required ? '' : undefined;
    if (typeof value !== 'string') {
      this.details.push({ type: 'string_type', loc: [key], msg: MESSAGES.stringType });
      return options.required ? '' : undefined;
    }
    return value;
  }

  choice<T extends string>(key: string, values: readonly T[], type: 'enum' | 'literal_error', required: boolean): T | undefined {
    const value = this.take(key, required);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.details.push({ type, loc: [key], msg: choiceMessage(values) });
      return undefined;
    }
    return value as T;
  }

  object(key: string, required: boolean): Record<string, unknown> | undefined {
    const value = this.take(key, required);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) {
      this.details.push({ type: 'dict_type', loc: [key], msg: MESSAGES.dictType });
      return undefined;
    }
    return value;
  }

  list(key: string): unknown[] | undefined {
    const value = this.take(key, false);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      this.details.push({ type: 'list_type', loc: [key], msg: MESSAGES.listType });
      return undefined;
    }
    return value;
  }

  bool(key: string): boolean | undefined {
    const value = this.take(key, false);
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 0 || value === 1) return value === 1;
    const parsed = typeof value === 'string' ? parseBoolText(value) : undefined;
    if (parsed === undefined) {
      this.details.push({
        type: typeof value === 'string' ? 'bool_parsing' : 'bool_type',
        loc: [key],
        msg: typeof value === 'string' ? MESSAGES.boolParsing : MESSAGES.boolType,
      });
    }
    return parsed;
  }

  /** Strict models (`extra='forbid'`) reject every key they did not read. */
  forbidExtra(): void {
    for (const key of Object.keys(this.fields)) {
      if (!this.declared.has(key)) this.details.push({ type: 'extra_forbidden', loc: [key], msg: MESSAGES.extraForbidden });
    }
  }

  /** A model-level validator failure (loc `[]`). */
  modelError(message: string): void {
    this.details.push({ type: 'value_error', loc: [], msg: `Value error, ${message}` });
  }

  finish(): void {
    if (this.details.length > 0) throw refusal(this.details, new Map(Object.entries(this.fields)), 'body', this.faults);
  }
}
