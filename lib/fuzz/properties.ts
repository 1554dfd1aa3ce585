/**
 * The properties fuzzed on an operation, each decided by one check: which
 * properties exist follows from the model (which forms it has) and from the
 * operation's plan (which inputs are safe to send).
 */
import type { CheckDefinition } from '../checks/check.ts';
import { detailsNameParameter, rejectsInvalid } from '../checks/error-checks.ts';
import { noServerError } from '../checks/response-checks.ts';
import { acceptsValid, deviceBadRequest, noEcho, rejectsOutOfBounds } from '../checks/validation-checks.ts';
import type { Sends } from './fuzz-plans.ts';
import type { InvalidForm, OperationModel } from './operation-models.ts';

export type PropertyKind = 'valid' | 'rejects' | 'out-of-bounds' | 'details' | 'no-echo' | 'bad-request' | 'open-forms';

export interface PropertyDefinition {
  readonly kind: PropertyKind;
  readonly check: CheckDefinition;
  readonly title: string;
  /** The invalid forms the property draws from (empty for 'valid' and 'open-forms'). */
  readonly forms: readonly InvalidForm[];
}

const unprocessable = (form: InvalidForm): boolean => form.status === 422;

/** The properties fuzzed on the operation; `sends` overrides the plan, to name what an unsent operation would get. */
export function propertiesOf(model: OperationModel, sends: Sends = model.plan.sends): readonly PropertyDefinition[] {
  if (sends === 'nothing') return [];
  const out: PropertyDefinition[] = [];
  const add = (kind: PropertyKind, check: CheckDefinition, title: string, forms: readonly InvalidForm[]): void => {
    if (kind === 'valid' || kind === 'open-forms' || forms.length > 0) out.push({ kind, check, title, forms });
  };
  if (sends === 'all') add('valid', acceptsValid, 'valid inputs are accepted', []);
  add('rejects', rejectsInvalid, 'inputs the seed forbids in one parameter are answered 422', model.invalid.filter((f) => unprocessable(f) && f.level === 'MUST'));
  add('out-of-bounds', rejectsOutOfBounds, 'inputs outside the documented rules in one parameter are answered 422', model.invalid.filter((f) => unprocessable(f) && f.level === 'SHOULD'));
  add('details', detailsNameParameter, 'a 422 names the parameter that was invalid', model.invalid.filter((f) => unprocessable(f) && f.namesParameter));
  add('no-echo', noEcho, 'a 422 does not repeat the invalid value', model.invalid.filter((f) => unprocessable(f) && f.echoJudged));
  add('bad-request', deviceBadRequest, 'missing or mistyped fields are answered 400 ErrorBody', model.invalid.filter((f) => f.status === 400));
  if (sends === 'all' && model.ambiguous.length > 0) add('open-forms', noServerError, 'forms the spec leaves open get no server error', []);
  return out;
}
