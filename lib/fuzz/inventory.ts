/**
 * What the fuzzer covers, parameter by parameter: for every query parameter and
 * JSON body field of every operation, the valid forms generated, the invalid
 * forms with the rule each breaks (level, source, expected answer), the forms
 * never judged, and what the operation's plan lets the suite send. Built from
 * the same models the suites fuzz with, so it cannot drift from them.
 */
import type { SpecIndex } from '../spec/spec-index.ts';
import type { RuleLevel } from './behavior-rules.ts';
import { operationModels, type InputForm, type OperationModel } from './operation-models.ts';

export interface InventoryInvalidForm {
  readonly form: string;
  readonly level: RuleLevel;
  readonly source: string;
  /** The answer expected: 422 (with details naming the parameter unless `namesParameter` is false) or 400. */
  readonly answer: 422 | 400;
  readonly namesParameter: boolean;
}

export interface InventoryEntry {
  readonly operation: string;
  readonly location: 'query' | 'body';
  /** A declared name, or '(unknown parameter)', '(unknown field)', '(body)'. */
  readonly parameter: string;
  /** The declaration in openapi.yaml; empty for the pseudo-parameters. */
  readonly declared: string;
  readonly required: boolean;
  readonly valid: readonly string[];
  readonly invalid: readonly InventoryInvalidForm[];
  readonly ambiguous: readonly string[];
  /** Why the parameter is never changed (the guard reads it before validation). */
  readonly guarded?: string;
  /** What the plan lets the suite send to the operation, and why. */
  readonly sent: string;
}

function labels(forms: readonly InputForm[], parameter: string): string[] {
  return forms.filter((form) => form.parameter === parameter).map((form) => form.label);
}

function entriesOf(model: OperationModel): InventoryEntry[] {
  const sent = `${model.plan.sends}: ${model.plan.why}${model.plan.maxRuns === undefined ? '' : ` (at most ${model.plan.maxRuns} generated inputs after the examples)`}`;
  const invalidOf = (parameter: string): InventoryInvalidForm[] =>
    model.invalid
      .filter((form) => form.parameter === parameter)
      .map((form) => ({ form: form.label, level: form.level, source: form.source, answer: form.status, namesParameter: form.namesParameter }));
  const declared = model.fields.map((field): InventoryEntry => ({
    operation: model.operationId,
    location: model.location,
    parameter: field.name,
    declared: field.declared,
    required: field.required,
    valid:
      field.guardedBy === undefined
        ? field.valid.map((form) =>
            form.mayBeRefused === undefined ? form.label : `${form.label} (may be refused, never with 422 or 5xx: ${form.mayBeRefused})`,
          )
        : ['the value of the fixture (never changed)'],
    invalid: invalidOf(field.name),
    ambiguous: labels(model.ambiguous, field.name),
    ...(field.guardedBy === undefined ? {} : { guarded: field.guardedBy.source }),
    sent,
  }));
  const known = new Set(model.fields.map((field) => field.name));
  const pseudo = [...new Set([...model.invalid, ...model.ambiguous].map((form) => form.parameter))].filter((name) => !known.has(name));
  return [
    ...declared,
    ...pseudo.map((parameter): InventoryEntry => ({
      operation: model.operationId,
      location: model.location,
      parameter,
      declared: '',
      required: false,
      valid: [],
      invalid: invalidOf(parameter),
      ambiguous: labels(model.ambiguous, parameter),
      sent,
    })),
  ];
}

export function fuzzInventory(spec: SpecIndex): readonly InventoryEntry[] {
  return operationModels(spec).flatMap(entriesOf);
}
