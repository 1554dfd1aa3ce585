/**
 * The fuzzing model of an operation, derived from openapi.yaml (its query
 * parameters or its JSON request body) and from the behaviour rules: for every
 * parameter or field, the forms that are valid, the forms that make an input
 * invalid in exactly that parameter (with the level and source of the rule
 * broken, and the answer expected), and the forms that are never judged.
 * Every form carries its examples, sent before any generated input.
 */
import fc from 'fast-check';
import { resolvePointer, type OperationInfo, type SpecIndex } from '../spec/spec-index.ts';
import { rulesOf, type BehaviorRule, type RuleLevel } from './behavior-rules.ts';
import { planOf, type FuzzPlan } from './fuzz-plans.ts';
import * as json from './json-values.ts';
import type { JsonType, JsonValues } from './json-values.ts';
import * as text from './query-forms.ts';

/** A change to an otherwise valid input. */
export type Edit =
  | { readonly kind: 'set'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'remove'; readonly name: string }
  /** The whole JSON body replaced. */
  | { readonly kind: 'body'; readonly body: unknown }
  /** The whole body replaced by text that is not JSON. */
  | { readonly kind: 'raw'; readonly text: string }
  /** `name` set to `value` and `remove` left out: a model-level rule broken. */
  | { readonly kind: 'set-without'; readonly name: string; readonly value: string; readonly remove: string };

export interface ValidForm {
  readonly label: string;
  /** Query text or JSON value. */
  readonly values: fc.Arbitrary<unknown>;
  /** The values sent first, boundaries first. */
  readonly examples: readonly unknown[];
  /**
   * Why a valid value may still be refused, with anything but 422 or 5xx: it names an object
   * that does not exist (a fresh UUID, answered 404), or the service caps it (400).
   */
  readonly mayBeRefused?: string;
}

export interface InputForm {
  /** The parameter or field the form is about; '(unknown parameter)', '(unknown field)' or '(body)' otherwise. */
  readonly parameter: string;
  readonly label: string;
  readonly edits: fc.Arbitrary<Edit>;
  /** The edits sent first: one per form, the boundary of its class. */
  readonly examples: readonly Edit[];
}

export interface InvalidForm extends InputForm {
  readonly level: RuleLevel;
  readonly source: string;
  /** 422, or 400 where the operation does not validate with @accepts (device flow). */
  readonly status: 422 | 400;
  /** The 422 details must name the parameter (false for model-level validators, loc []). */
  readonly namesParameter: boolean;
  /** Whether the answer may be judged for echoing the value (false when nothing is sent, or the server names it by design). */
  readonly echoJudged: boolean;
  /** A rule about UUID-shaped ids: it holds only on a server whose ids are UUIDs. */
  readonly uuidShaped?: true;
}

export interface FieldModel {
  readonly name: string;
  readonly required: boolean;
  /** The declaration in openapi.yaml, for reports. */
  readonly declared: string;
  /** The rule that forbids mutating it (the guard reads it first); its value comes from a fixture. */
  readonly guardedBy?: BehaviorRule;
  readonly valid: readonly ValidForm[];
}

export interface OperationModel {
  readonly operationId: string;
  readonly location: 'query' | 'body';
  readonly plan: FuzzPlan;
  readonly fields: readonly FieldModel[];
  readonly invalid: readonly InvalidForm[];
  readonly ambiguous: readonly InputForm[];
}

type Json = Readonly<Record<string, unknown>>;

const UNKNOWN_PARAMETER = '(unknown parameter)';
const UNKNOWN_FIELD = '(unknown field)';
const WHOLE_BODY = '(body)';

function resolve(document: Json, node: unknown): Json {
  let current = (node ?? {}) as Json;
  for (let hops = 0; typeof current['$ref'] === 'string' && hops < 10; hops += 1) {
    current = (resolvePointer(document, current['$ref']) ?? {}) as Json;
  }
  return current;
}

function atPointer(document: Json, pointer: string): Json {
  return resolve(document, resolvePointer(document, pointer));
}

interface TypeInfo {
  readonly type: JsonType | undefined;
  readonly nullable: boolean;
  readonly enum: readonly string[] | undefined;
}

/** The type of a property schema: `type: T`, `type: [T, 'null']`, or `anyOf: [{$ref}, {type: 'null'}]`. */
function typeInfo(document: Json, schema: Json): TypeInfo {
  const alternatives = Array.isArray(schema['anyOf']) ? (schema['anyOf'] as Json[]).map((s) => resolve(document, s)) : [resolve(document, schema)];
  const types = alternatives.flatMap((s) => (Array.isArray(s['type']) ? (s['type'] as string[]) : s['type'] === undefined ? [] : [String(s['type'])]));
  const concrete = types.filter((t) => t !== 'null');
  const values = alternatives.flatMap((s) => (Array.isArray(s['enum']) ? (s['enum'] as unknown[]).map(String) : []));
  return { type: concrete[0] as JsonType | undefined, nullable: types.includes('null'), enum: values.length === 0 ? undefined : values };
}

function describeType(info: TypeInfo, schema: Json): string {
  const parts = [info.enum === undefined ? (info.type ?? 'any') : `${info.type ?? 'string'} enum [${info.enum.join(', ')}]`];
  if (info.nullable) parts.push('nullable');
  if (schema['default'] !== undefined) parts.push(`default ${JSON.stringify(schema['default'])}`);
  return parts.join(', ');
}

function seedSource(operation: OperationInfo, location: string, name: string, declared: string): string {
  return `seed: ${operation.operationId} ${location} ${name} (${declared})`;
}

interface FieldForms {
  readonly field: FieldModel;
  readonly invalid: readonly InvalidForm[];
  readonly ambiguous: readonly InputForm[];
}

function set(parameter: string, label: string, values: JsonValues): InputForm {
  const edit = (value: unknown): Edit => ({ kind: 'set', name: parameter, value });
  return { parameter, label, edits: values.arbitrary.map(edit), examples: values.examples.map(edit) };
}

function validForm(values: JsonValues & { readonly label: string }, mayBeRefused?: string): ValidForm {
  return { label: values.label, values: values.arbitrary, examples: values.examples, ...(mayBeRefused === undefined ? {} : { mayBeRefused }) };
}

const NAMES_NOTHING = 'it names an object that does not exist';

function rule<K extends BehaviorRule['kind']>(rules: readonly BehaviorRule[], kind: K, parameter?: string): Extract<BehaviorRule, { kind: K }> | undefined {
  return rules.find(
    (r): r is Extract<BehaviorRule, { kind: K }> => r.kind === kind && (parameter === undefined || ('parameter' in r && r.parameter === parameter)),
  );
}

interface Context {
  readonly operation: OperationInfo;
  readonly rules: readonly BehaviorRule[];
  readonly plan: FuzzPlan;
  /** The device-flow rule: invalid input is a 400, and only missing or mistyped fields are generated. */
  readonly badRequest: Extract<BehaviorRule, { kind: 'bad-request' }> | undefined;
}

function invalid(
  ctx: Context,
  form: InputForm,
  level: RuleLevel,
  source: string,
  options: { namesParameter?: boolean; echoJudged?: boolean; uuidShaped?: true } = {},
): InvalidForm {
  const bad = ctx.badRequest;
  return {
    ...form,
    ...(options.uuidShaped === undefined ? {} : { uuidShaped: true }),
    level: bad?.level ?? level,
    source: bad === undefined ? source : `${bad.source}; ${source}`,
    status: bad === undefined ? 422 : 400,
    namesParameter: options.namesParameter ?? true,
    echoJudged: options.echoJudged ?? true,
  };
}

function missing(ctx: Context, name: string, declared: string, location: string): InvalidForm {
  const edit: Edit = { kind: 'remove', name };
  const form: InputForm = { parameter: name, label: 'missing', edits: fc.constant(edit), examples: [edit] };
  return invalid(ctx, form, 'MUST', seedSource(ctx.operation, location, name, `${declared}, required`), { echoJudged: false });
}

function queryField(ctx: Context, name: string, required: boolean, schema: Json, document: Json): FieldForms {
  const info = typeInfo(document, schema);
  const declared = describeType(info, schema);
  const source = seedSource(ctx.operation, 'query', name, declared);
  const guard = rule(ctx.rules, 'guarded', name);
  if (guard !== undefined) return { field: { name, required, declared, guardedBy: guard, valid: [] }, invalid: [], ambiguous: [] };

  const restricted = ctx.plan.restrict?.parameter === name ? ctx.plan.restrict : undefined;
  const valid: ValidForm[] = [];
  // Missing and mistyped values; the device flow is fuzzed with these only.
  const typeErrors: InvalidForm[] = [];
  const ruleErrors: InvalidForm[] = [];
  const open: InputForm[] = [];
  if (required) typeErrors.push(missing(ctx, name, declared, 'query'));

  if (info.type === 'integer') {
    const range = rule(ctx.rules, 'integer-range', name);
    const cap = rule(ctx.rules, 'service-cap', name);
    const preferred = typeof schema['default'] === 'number' ? [schema['default']] : [];
    valid.push(validForm(text.canonicalInteger(range?.minimum, cap?.maximum ?? range?.maximum, preferred)));
    if (cap !== undefined && range?.maximum !== undefined) {
      valid.push(validForm(text.canonicalInteger(cap.maximum + 1, range.maximum, []), `the service may cap it at ${cap.maximum} (${cap.source})`));
    }
    typeErrors.push(invalid(ctx, set(name, text.NOT_AN_INTEGER.label, text.NOT_AN_INTEGER), 'MUST', source));
    if (range !== undefined) {
      const below = text.belowMinimum(range.minimum);
      ruleErrors.push(invalid(ctx, set(name, below.label, below), range.level, range.source));
      if (range.maximum !== undefined) {
        const above = text.aboveMaximum(range.maximum);
        ruleErrors.push(invalid(ctx, set(name, above.label, above), range.level, range.source));
      }
    }
    open.push(set(name, text.NON_CANONICAL_INTEGER.label, text.NON_CANONICAL_INTEGER));
    if (range?.maximum === undefined) open.push(set(name, text.BEYOND_EXACT.label, text.BEYOND_EXACT));
  } else if (info.type === 'boolean') {
    valid.push(validForm(text.canonicalBoolean(restricted?.valid)));
    typeErrors.push(invalid(ctx, set(name, text.NOT_A_BOOLEAN.label, text.NOT_A_BOOLEAN), 'MUST', source));
    const loose = text.nonCanonicalBoolean(restricted?.ambiguous);
    open.push(set(name, loose.label, loose));
  } else if (info.enum !== undefined) {
    const openValues = rule(ctx.rules, 'open-values', name)?.values ?? [];
    const judged = info.enum.filter((value) => !openValues.includes(value));
    valid.push(validForm(text.enumValue(judged)));
    for (const form of [text.outsideEnum(info.enum), text.wrongCase(info.enum)]) ruleErrors.push(invalid(ctx, set(name, form.label, form), 'MUST', source));
    const padded = text.paddedOrEmpty(info.enum);
    open.push(set(name, padded.label, padded));
    if (openValues.length > 0)
      open.push(set(name, `${openValues.join(', ')} (answer unknown)`, { examples: openValues, arbitrary: fc.constantFrom(...openValues) }));
  } else {
    const allowList = rule(ctx.rules, 'allow-list', name);
    const uuid = rule(ctx.rules, 'uuid', name);
    const length = rule(ctx.rules, 'max-length', name);
    if (allowList !== undefined) {
      valid.push(validForm(text.commaList(allowList.members)));
      const unknown = text.commaListWithUnknown(allowList.members);
      // The server's own message names the unknown members (docs/server-behavior.md §6.1).
      ruleErrors.push(invalid(ctx, set(name, unknown.label, unknown), allowList.level, allowList.source, { echoJudged: false }));
      const loose = text.looseCommaList(allowList.members);
      open.push(set(name, loose.label, loose));
    } else if (uuid !== undefined) {
      valid.push(validForm(text.UUID, NAMES_NOTHING));
      ruleErrors.push(invalid(ctx, set(name, text.NOT_A_UUID.label, text.NOT_A_UUID), uuid.level, uuid.source, { uuidShaped: true }));
      open.push(set(name, text.LOOSE_UUID.label, text.LOOSE_UUID));
    } else {
      valid.push(validForm(text.anyText(length?.maxLength)));
      if (length !== undefined) {
        const long = text.tooLong(length.maxLength);
        ruleErrors.push(invalid(ctx, set(name, long.label, long), length.level, length.source));
      }
    }
  }
  return { field: { name, required, declared, valid }, invalid: ctx.badRequest === undefined ? [...typeErrors, ...ruleErrors] : typeErrors, ambiguous: open };
}

function bodyField(ctx: Context, name: string, required: boolean, schema: Json, document: Json): FieldForms {
  const info = typeInfo(document, schema);
  const declared = describeType(info, schema);
  const source = seedSource(ctx.operation, 'body', name, declared);
  const valid: ValidForm[] = [];
  const bad: InvalidForm[] = [];
  const open: InputForm[] = [];
  if (required) bad.push(missing(ctx, name, declared, 'body'));
  if (info.type !== undefined) {
    bad.push(
      invalid(
        ctx,
        set(name, `JSON of a type other than ${info.type}${info.nullable ? ' or null' : ''}`, json.wrongType(info.type, info.nullable)),
        'MUST',
        source,
      ),
    );
  }
  const uuid = rule(ctx.rules, 'uuid', name);
  if (info.enum !== undefined) {
    valid.push(validForm(text.enumValue(info.enum)));
    if (ctx.badRequest === undefined) {
      for (const form of [text.outsideEnum(info.enum), text.wrongCase(info.enum)]) bad.push(invalid(ctx, set(name, form.label, form), 'MUST', source));
    }
  } else if (uuid !== undefined) {
    const choices: fc.Arbitrary<unknown>[] = [text.UUID.arbitrary];
    if (uuid.emptyAllowed) choices.push(fc.constant(''));
    valid.push(
      validForm(
        {
          label: `a UUID that names nothing${uuid.emptyAllowed ? ', or ""' : ''}`,
          examples: [...text.UUID.examples, ...(uuid.emptyAllowed ? [''] : [])],
          arbitrary: fc.oneof(text.SHRINK_ACROSS, ...choices),
        },
        NAMES_NOTHING,
      ),
    );
    if (ctx.badRequest === undefined) bad.push(invalid(ctx, set(name, text.NOT_A_UUID.label, text.NOT_A_UUID), uuid.level, uuid.source, { uuidShaped: true }));
    open.push(
      set(name, 'upper-case, braced, urn: or unhyphenated UUID', {
        examples: text.LOOSE_UUID.examples,
        arbitrary: text.LOOSE_UUID.arbitrary.filter((value) => value !== ''),
      }),
    );
  } else if (info.type !== undefined) {
    valid.push(validForm({ label: `a small ${info.type}`, ...json.ofType(info.type) }));
  }
  if (info.type === 'boolean') open.push(set(name, 'a lax boolean spelling (0, 1, "true", "yes", …)', json.LAX_BOOLEAN));
  if (info.nullable && valid.length > 0) valid.push(validForm({ label: 'null', examples: [null], arbitrary: fc.constant(null) }));
  return { field: { name, required, declared, valid }, invalid: bad, ambiguous: open };
}

function queryModel(ctx: Context, document: Json): Omit<OperationModel, 'operationId' | 'location' | 'plan'> {
  const parameters = ctx.operation.parameters.filter((p) => p.in === 'query');
  const forms = parameters.map((p) => queryField(ctx, p.name, p.required, p.schema as Json, document));
  const declared = [...parameters.map((p) => p.name), 'workspace_id'];
  const extraEdit: InputForm = {
    parameter: UNKNOWN_PARAMETER,
    label: 'a parameter the operation does not declare',
    edits: fc.tuple(text.unknownName(declared), fc.string({ maxLength: 12 })).map(([name, value]): Edit => ({ kind: 'set', name, value })),
    examples: [{ kind: 'set', ...text.UNKNOWN_NAME_EXAMPLE }],
  };
  const strict = rule(ctx.rules, 'strict-model');
  return {
    fields: forms.map((f) => f.field),
    invalid: [...forms.flatMap((f) => f.invalid), ...(strict?.in === 'query' ? [invalid(ctx, extraEdit, strict.level, strict.source)] : [])],
    ambiguous: [...forms.flatMap((f) => f.ambiguous), ...(strict?.in === 'query' ? [] : [extraEdit])],
  };
}

function bodyModel(ctx: Context, document: Json, pointer: string): Omit<OperationModel, 'operationId' | 'location' | 'plan'> {
  const schema = atPointer(document, pointer);
  const properties = (schema['properties'] ?? {}) as Record<string, Json>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const forms = Object.entries(properties).map(([name, property]) => bodyField(ctx, name, required.has(name), property, document));
  const names = Object.keys(properties);
  const extraEdit: InputForm = {
    parameter: UNKNOWN_FIELD,
    label: 'a field the body model does not declare',
    edits: fc.tuple(text.unknownName(names), json.shortText).map(([name, value]): Edit => ({ kind: 'set', name, value })),
    examples: [{ kind: 'set', ...text.UNKNOWN_NAME_EXAMPLE }],
  };
  const whole: InvalidForm[] = [];
  if (ctx.badRequest === undefined) {
    const replaced = (body: unknown): Edit => ({ kind: 'body', body });
    whole.push(
      invalid(
        ctx,
        {
          parameter: WHOLE_BODY,
          label: 'JSON that is not an object',
          edits: json.NOT_AN_OBJECT.arbitrary.map(replaced),
          examples: json.NOT_AN_OBJECT.examples.map(replaced),
        },
        'MUST',
        `seed: ${ctx.operation.operationId} request body (an object)`,
        { namesParameter: false },
      ),
    );
    const malformed = rule(ctx.rules, 'malformed-json');
    if (malformed !== undefined) {
      const raw = (value: unknown): Edit => ({ kind: 'raw', text: String(value) });
      whole.push(
        invalid(
          ctx,
          {
            parameter: WHOLE_BODY,
            label: 'text that is not JSON',
            edits: json.MALFORMED_JSON.arbitrary.map(raw),
            examples: json.MALFORMED_JSON.examples.map(raw),
          },
          malformed.level,
          malformed.source,
          { namesParameter: false },
        ),
      );
    }
    for (const r of ctx.rules) {
      if (r.kind !== 'required-when') continue;
      const edit: Edit = { kind: 'set-without', name: r.when.field, value: r.when.value, remove: r.parameter };
      const form: InputForm = { parameter: r.parameter, label: `missing while ${r.when.field} is ${r.when.value}`, edits: fc.constant(edit), examples: [edit] };
      whole.push(invalid(ctx, form, r.level, r.source, { namesParameter: false, echoJudged: false }));
    }
  }
  const strict = rule(ctx.rules, 'strict-model');
  const strictBody = strict?.in === 'body' ? strict : undefined;
  return {
    fields: forms.map((f) => f.field),
    invalid: [
      ...forms.flatMap((f) => f.invalid),
      ...whole,
      ...(strictBody === undefined ? [] : [invalid(ctx, extraEdit, strictBody.level, strictBody.source)]),
    ],
    ambiguous: [...forms.flatMap((f) => f.ambiguous), ...(strictBody === undefined && ctx.badRequest === undefined ? [extraEdit] : [])],
  };
}

/** The model of one operation, or undefined when it has neither query parameters nor a JSON body. */
export function operationModel(spec: SpecIndex, operationId: string): OperationModel | undefined {
  const operation = spec.operation(operationId);
  const document = spec.document as Json;
  const plan = planOf(operationId) ?? { operation: operationId, sends: 'nothing', why: 'no fuzzing plan names this operation' };
  const rules = rulesOf(operationId);
  const ctx: Context = { operation, rules, plan, badRequest: rule(rules, 'bad-request') };
  const bodyPointer = operation.requestBody?.content.get('application/json');
  if (bodyPointer !== undefined) return { operationId, location: 'body', plan, ...bodyModel(ctx, document, bodyPointer) };
  if (operation.parameters.some((p) => p.in === 'query')) return { operationId, location: 'query', plan, ...queryModel(ctx, document) };
  return undefined;
}

/** The models of every operation with query parameters or a JSON body, in spec order. */
export function operationModels(spec: SpecIndex): readonly OperationModel[] {
  return spec.operations.flatMap((operation) => operationModel(spec, operation.operationId) ?? []);
}
