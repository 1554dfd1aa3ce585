/**
 * The properties fuzzed on an operation, each decided by one check: which
 * properties exist follows from the model (which forms it has) and from the
 * operation's plan (which inputs are safe to send). An input is judged by
 * every property it belongs to: a valid one by 'valid', an ambiguous one by
 * 'open-forms', an invalid one by each property whose forms hold its form.
 */
import type { CheckDefinition } from '../checks/check.ts';
import { detailsNameParameter, rejectsInvalid } from '../checks/error-checks.ts';
import { noServerError } from '../checks/response-checks.ts';
import { acceptsValid, deviceBadRequest, deviceMalformed400, noEcho, rejectsOutOfBounds } from '../checks/validation-checks.ts';
import type { FuzzCase } from './fuzz-cases.ts';
import type { Sends } from './fuzz-plans.ts';
import type { InvalidForm, OperationModel } from './operation-models.ts';

export type PropertyKind = 'valid' | 'rejects' | 'out-of-bounds' | 'details' | 'no-echo' | 'bad-request' | 'malformed-400' | 'open-forms';

export interface PropertyDefinition {
  readonly kind: PropertyKind;
  readonly check: CheckDefinition;
  /** The invalid forms the property judges (empty for 'valid' and 'open-forms'). */
  readonly forms: readonly InvalidForm[];
}

const unprocessable = (form: InvalidForm): boolean => form.status === 422;

/** The device-flow operations RFC 8628 defines, whose malformed requests the standard makes a 400. */
const OAUTH_ENDPOINTS: readonly string[] = ['createDeviceCode', 'pollDeviceToken'];

/** The properties fuzzed on the operation; `sends` overrides the plan, to name what an unsent operation would get. */
export function propertiesOf(model: OperationModel, sends: Sends = model.plan.sends): readonly PropertyDefinition[] {
  if (sends === 'nothing') return [];
  const out: PropertyDefinition[] = [];
  const add = (kind: PropertyKind, check: CheckDefinition, forms: readonly InvalidForm[]): void => {
    if (kind === 'valid' || kind === 'open-forms' || forms.length > 0) out.push({ kind, check, forms });
  };
  if (sends === 'all') add('valid', acceptsValid, []);
  add(
    'rejects',
    rejectsInvalid,
    model.invalid.filter((f) => unprocessable(f) && f.level === 'MUST'),
  );
  add(
    'out-of-bounds',
    rejectsOutOfBounds,
    model.invalid.filter((f) => unprocessable(f) && f.level === 'SHOULD'),
  );
  add(
    'details',
    detailsNameParameter,
    model.invalid.filter((f) => unprocessable(f) && f.namesParameter),
  );
  add(
    'no-echo',
    noEcho,
    model.invalid.filter((f) => unprocessable(f) && f.echoJudged),
  );
  add(
    'bad-request',
    deviceBadRequest,
    model.invalid.filter((f) => f.status === 400),
  );
  if (OAUTH_ENDPOINTS.includes(model.operationId))
    add(
      'malformed-400',
      deviceMalformed400,
      model.invalid.filter((f) => f.status === 400),
    );
  if (sends === 'all' && model.ambiguous.length > 0) add('open-forms', noServerError, []);
  return out;
}

/** Whether `property` judges the answer to `input`. */
export function judges(property: PropertyDefinition, input: FuzzCase): boolean {
  if (input.kind === 'valid') return property.kind === 'valid';
  if (input.kind === 'open') return property.kind === 'open-forms';
  return property.forms.includes(input.form);
}
