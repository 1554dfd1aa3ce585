/**
 * Whole inputs built from an operation model: valid inputs (any combination
 * of optional parameters, each in a valid form), and inputs that start valid
 * and are then changed in exactly one parameter, invalidly or ambiguously.
 * Each case carries what the verdict needs: the form and rule that made it
 * invalid, the parameter the details must name, the value that was sent.
 */
import fc from 'fast-check';
import type { Edit, InputForm, InvalidForm, OperationModel } from './operation-models.ts';
import { SHRINK_ACROSS } from './query-forms.ts';

export type Fields = Readonly<Record<string, unknown>>;

export type FuzzRequest =
  /** The query string without its "?". */
  | { readonly kind: 'query'; readonly text: string }
  | { readonly kind: 'json'; readonly body: unknown }
  /** A body sent as application/json that is not JSON. */
  | { readonly kind: 'raw'; readonly text: string };

export interface ValidCase {
  readonly request: FuzzRequest;
  /** Some value names an object that does not exist, so only 422 and 5xx are wrong answers. */
  readonly namesNothing: boolean;
}

export interface InvalidCase {
  readonly request: FuzzRequest;
  readonly form: InvalidForm;
  /** What the 422 details must name. */
  readonly parameter: string;
  /** The invalid value as sent; undefined when the change removed something. */
  readonly submitted: unknown;
}

export interface OpenCase {
  readonly request: FuzzRequest;
  readonly form: InputForm;
}

export interface ValidFields {
  readonly fields: Fields;
  readonly namesNothing: boolean;
}

/** Valid values for the model's fields: required ones always, optional ones in any combination. Guarded fields are left to `fixed`. */
export function validFields(model: OperationModel): fc.Arbitrary<ValidFields> {
  const free = model.fields.filter((field) => field.guardedBy === undefined && field.valid.length > 0);
  if (free.length === 0) return fc.constant({ fields: {}, namesNothing: false });
  const shape: Record<string, fc.Arbitrary<{ value: unknown; namesNothing: boolean }>> = {};
  for (const field of free) {
    shape[field.name] = fc.oneof(SHRINK_ACROSS, ...field.valid.map((form) => form.values.map((value) => ({ value, namesNothing: form.namesNothing }))));
  }
  const requiredKeys = free.filter((field) => field.required).map((field) => field.name);
  return fc.record(shape, { requiredKeys }).map((chosen) => {
    const entries = Object.entries(chosen) as [string, { value: unknown; namesNothing: boolean }][];
    return {
      fields: Object.fromEntries(entries.map(([name, pick]) => [name, pick.value])),
      namesNothing: entries.some(([, pick]) => pick.namesNothing),
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
    case 'set': return request(model, fixed, { ...fields, [edit.name]: edit.value });
    case 'remove': {
      const { [edit.name]: _removed, ...rest } = { ...fixed, ...fields };
      return request(model, {}, rest);
    }
    case 'body': return { kind: 'json', body: edit.body };
    case 'raw': return { kind: 'raw', text: edit.text };
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

export function validCases(model: OperationModel, fixed: Fields): fc.Arbitrary<ValidCase> {
  return validFields(model).map(({ fields, namesNothing }) => ({ request: request(model, fixed, fields), namesNothing: namesNothing || model.plan.pathNamesNothing === true }));
}

/** Inputs invalid in exactly one parameter: a valid base changed by one of `forms`. */
export function invalidCases(model: OperationModel, base: fc.Arbitrary<Fields>, fixed: Fields, forms: readonly InvalidForm[]): fc.Arbitrary<InvalidCase> {
  return fc.oneof(SHRINK_ACROSS, ...forms.map((form) => fc.tuple(base, form.edits).map(([fields, edit]): InvalidCase => ({
    request: applyEdit(model, fixed, fields, edit),
    form,
    parameter: edit.kind === 'set' || edit.kind === 'remove' ? edit.name : form.parameter,
    submitted: submittedBy(edit),
  }))));
}

/** Inputs changed in one parameter into a form the spec leaves open. */
export function openCases(model: OperationModel, base: fc.Arbitrary<Fields>, fixed: Fields): fc.Arbitrary<OpenCase> {
  return fc.oneof(SHRINK_ACROSS, ...model.ambiguous.map((form) => fc.tuple(base, form.edits).map(([fields, edit]): OpenCase => ({ request: applyEdit(model, fixed, fields, edit), form }))));
}

/** The input as text, for reports: the query string, or the JSON body. */
export function showRequest(request: FuzzRequest): string {
  if (request.kind === 'query') return request.text === '' ? '(no query string)' : `?${request.text}`;
  if (request.kind === 'raw') return request.text;
  return JSON.stringify(request.body);
}
