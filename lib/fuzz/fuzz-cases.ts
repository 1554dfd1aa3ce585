/**
 * Whole inputs built from an operation model: valid inputs (any combination
 * of optional parameters, each in a valid form), and inputs that start valid
 * and are then changed in exactly one parameter, invalidly or ambiguously.
 * Each comes twice: as the fixed examples every run sends first (the
 * boundaries of each class, each invalid class once) and as fast-check
 * arbitraries for the generated inputs after them. Each case carries what
 * the verdict needs: the form and rule that made it invalid, the parameter
 * the details must name, the value that was sent.
 */
import fc from 'fast-check';
import type { Edit, InputForm, InvalidForm, OperationModel, ValidForm } from './operation-models.ts';
import { SHRINK_ACROSS } from './query-forms.ts';

export type Fields = Readonly<Record<string, unknown>>;

export type FuzzRequest =
  /** The query string without its "?". */
  | { readonly kind: 'query'; readonly text: string }
  | { readonly kind: 'json'; readonly body: unknown }
  /** A body sent as application/json that is not JSON. */
  | { readonly kind: 'raw'; readonly text: string };

export interface ValidCase {
  readonly kind: 'valid';
  readonly request: FuzzRequest;
  /** Why the input may be refused with anything but 422 or 5xx (ValidForm.mayBeRefused); undefined: it must be served. */
  readonly mayBeRefused: string | undefined;
  /** The same input with one parameter at a time, tried in turn to name the culprit when the whole is refused. */
  readonly narrower: readonly ValidCase[];
}

export interface InvalidCase {
  readonly kind: 'invalid';
  readonly request: FuzzRequest;
  readonly form: InvalidForm;
  /** What the 422 details must name. */
  readonly parameter: string;
  /** The invalid value as sent; undefined when the change removed something. */
  readonly submitted: unknown;
}

export interface OpenCase {
  readonly kind: 'open';
  readonly request: FuzzRequest;
  readonly form: InputForm;
}

export type FuzzCase = ValidCase | InvalidCase | OpenCase;

export interface ValidFields {
  readonly fields: Fields;
  readonly mayBeRefused: string | undefined;
}

function freeFields(model: OperationModel): OperationModel['fields'] {
  return model.fields.filter((field) => field.guardedBy === undefined && field.valid.length > 0);
}

/** Valid values for the model's fields: required ones always, optional ones in any combination. Guarded fields are left to `fixed`. */
export function validFields(model: OperationModel): fc.Arbitrary<ValidFields> {
  const free = freeFields(model);
  if (free.length === 0) return fc.constant({ fields: {}, mayBeRefused: undefined });
  const shape: Record<string, fc.Arbitrary<{ value: unknown; mayBeRefused: string | undefined }>> = {};
  for (const field of free) {
    shape[field.name] = fc.oneof(SHRINK_ACROSS, ...field.valid.map((form) => form.values.map((value) => ({ value, mayBeRefused: form.mayBeRefused }))));
  }
  const requiredKeys = free.filter((field) => field.required).map((field) => field.name);
  return fc.record(shape, { requiredKeys }).map((chosen) => {
    const entries = Object.entries(chosen) as [string, { value: unknown; mayBeRefused: string | undefined }][];
    return {
      fields: Object.fromEntries(entries.map(([name, pick]) => [name, pick.value])),
      mayBeRefused: entries.find(([, pick]) => pick.mayBeRefused !== undefined)?.[1].mayBeRefused,
    };
  });
}

function request(model: OperationModel, fixed: Fields, fields: Fields): FuzzRequest {
  const merged: Record<string, unknown> = { ...fixed, ...fields };
  if (model.location === 'body') return { kind: 'json', body: merged };
  // Fixed parameters first, then the spec's order, then undeclared ones: the query string reads like the spec.
  const order = [...Object.keys(fixed), ...model.fields.map((field) => field.name)];
  const names = [...new Set([...order.filter((name) => name in merged), ...Object.keys(merged)])];
  const params = new URLSearchParams();
  for (const name of names) params.append(name, String(merged[name]));
  return { kind: 'query', text: params.toString() };
}

function applyEdit(model: OperationModel, fixed: Fields, fields: Fields, edit: Edit): FuzzRequest {
  switch (edit.kind) {
    case 'set':
      return request(model, fixed, { ...fields, [edit.name]: edit.value });
    case 'remove': {
      const { [edit.name]: _removed, ...rest } = { ...fixed, ...fields };
      return request(model, {}, rest);
    }
    case 'body':
      return { kind: 'json', body: edit.body };
    case 'raw':
      return { kind: 'raw', text: edit.text };
    case 'set-without': {
      const { [edit.remove]: _removed, ...rest } = { ...fixed, ...fields, [edit.name]: edit.value };
      return request(model, {}, rest);
    }
  }
}

function submittedBy(edit: Edit): unknown {
  if (edit.kind === 'set') return edit.value;
  if (edit.kind === 'body') return edit.body;
  if (edit.kind === 'raw') return edit.text;
  return undefined;
}

function pathReason(model: OperationModel): string | undefined {
  return model.plan.pathNamesNothing === true ? 'the path names an object that does not exist' : undefined;
}

export function validCases(model: OperationModel, fixed: Fields): fc.Arbitrary<ValidCase> {
  return validFields(model).map(({ fields, mayBeRefused }) => ({
    kind: 'valid',
    request: request(model, fixed, fields),
    mayBeRefused: pathReason(model) ?? mayBeRefused,
    narrower: [],
  }));
}

function invalidCase(model: OperationModel, fixed: Fields, fields: Fields, form: InvalidForm, edit: Edit): InvalidCase {
  return {
    kind: 'invalid',
    request: applyEdit(model, fixed, fields, edit),
    form,
    parameter: edit.kind === 'set' || edit.kind === 'remove' ? edit.name : form.parameter,
    submitted: submittedBy(edit),
  };
}

/** Inputs invalid in exactly one parameter: a valid base changed by one of `forms`. */
export function invalidCases(model: OperationModel, base: fc.Arbitrary<Fields>, fixed: Fields, forms: readonly InvalidForm[]): fc.Arbitrary<InvalidCase> {
  return fc.oneof(SHRINK_ACROSS, ...forms.map((form) => fc.tuple(base, form.edits).map(([fields, edit]) => invalidCase(model, fixed, fields, form, edit))));
}

/** Inputs changed in one parameter into a form the spec leaves open. */
export function openCases(model: OperationModel, base: fc.Arbitrary<Fields>, fixed: Fields): fc.Arbitrary<OpenCase> {
  return fc.oneof(
    SHRINK_ACROSS,
    ...model.ambiguous.map((form) =>
      fc.tuple(base, form.edits).map(([fields, edit]): OpenCase => ({ kind: 'open', request: applyEdit(model, fixed, fields, edit), form })),
    ),
  );
}

const servedOnly = (form: ValidForm): boolean => form.mayBeRefused === undefined;

/** The valid fields the examples start from: every required field at its first example, nothing else. */
export function exampleBase(model: OperationModel): Fields {
  const base: Record<string, unknown> = {};
  for (const field of freeFields(model).filter((f) => f.required)) {
    const first = field.valid.flatMap((form) => form.examples)[0];
    if (first !== undefined) base[field.name] = first;
  }
  return base;
}

/**
 * The valid examples: the base alone; then every field's served examples side by side, the i-th
 * input giving each field its i-th example, so each boundary is sent once in as few inputs as the
 * field with the most examples needs; then each example that may be refused, alone on the base.
 */
export function validExamples(model: OperationModel, fixed: Fields): readonly ValidCase[] {
  const base = exampleBase(model);
  const reason = pathReason(model);
  const free = freeFields(model);
  const single = (fields: Fields, mayBeRefused: string | undefined): ValidCase => ({
    kind: 'valid',
    request: request(model, fixed, fields),
    mayBeRefused: reason ?? mayBeRefused,
    narrower: [],
  });
  const served = free.map((field) => ({ name: field.name, values: field.valid.filter(servedOnly).flatMap((form) => form.examples) }));
  const rounds = Math.max(0, ...served.map((field) => field.values.length));
  const out: ValidCase[] = [single(base, undefined)];
  for (let i = 0; i < rounds; i += 1) {
    const picked = served.flatMap(({ name, values }) => (i < values.length ? [[name, values[i]] as const] : []));
    const narrower = picked.length > 1 ? picked.map(([name, value]) => single({ ...base, [name]: value }, undefined)) : [];
    out.push({ ...single({ ...base, ...Object.fromEntries(picked) }, undefined), narrower });
  }
  for (const field of free) {
    for (const form of field.valid.filter((f) => !servedOnly(f))) {
      for (const value of form.examples) out.push(single({ ...base, [field.name]: value }, form.mayBeRefused));
    }
  }
  return unique(out);
}

/** Each example edit of `forms`, applied to the base. */
export function invalidExamples(model: OperationModel, base: Fields, fixed: Fields, forms: readonly InvalidForm[]): readonly InvalidCase[] {
  return forms.flatMap((form) => form.examples.map((edit) => invalidCase(model, fixed, base, form, edit)));
}

export function openExamples(model: OperationModel, base: Fields, fixed: Fields): readonly OpenCase[] {
  return model.ambiguous.flatMap((form) => form.examples.map((edit): OpenCase => ({ kind: 'open', request: applyEdit(model, fixed, base, edit), form })));
}

function unique<C extends { readonly request: FuzzRequest }>(cases: readonly C[]): C[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const key = showRequest(c.request);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The input as text, for reports: the query string, or the JSON body. */
export function showRequest(request: FuzzRequest): string {
  if (request.kind === 'query') return request.text === '' ? '(no query string)' : `?${request.text}`;
  if (request.kind === 'raw') return request.text;
  return JSON.stringify(request.body);
}
