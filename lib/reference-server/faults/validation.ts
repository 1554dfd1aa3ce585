// Faults of request validation (issue 04 fuzzing).
import type { FaultDefinition } from '../fault-definition.ts';

export const VALIDATION_FAULTS = [
  {
    name: 'sessions-limit-unbounded',
    area: 'validation',
    deviates: 'GET /account/sessions accepts any limit above 200 and answers 200.',
    breaks: 'docs/server-behavior.md §3 (SessionListQuery limit 1..200)',
    caughtBy: ['validation.rejects-out-of-bounds'],
  },
  {
    name: 'members-extra-param-accepted',
    area: 'validation',
    deviates: 'GET /workspaces/{id}/members ignores query parameters it does not declare instead of refusing them.',
    breaks: 'seed: MemberListQuery "Strict (extra=\'forbid\')"',
    caughtBy: ['validation.rejects-invalid'],
  },
  {
    name: 'apps-limit-non-numeric-500',
    area: 'validation',
    deviates: 'GET /apps with a limit that is not an integer answers 500 instead of 422.',
    breaks: 'seed: listApps limit {type: integer} and its 422 response; docs/server-behavior.md §2.2, §3',
    caughtBy: ['response.no-server-error', 'validation.rejects-invalid'],
  },
  {
    name: 'validation-no-details',
    area: 'validation',
    deviates: 'Query and body validation failures answer 422 without details.',
    breaks: 'seed: ErrorBody.details; docs/server-behavior.md §2.4 (details with the pydantic loc)',
    caughtBy: ['validation.details-name-parameter'],
  },
  {
    name: 'validation-wrong-loc',
    area: 'validation',
    deviates: 'Query and body validation details give loc ["query"] or ["body"] instead of the parameter.',
    breaks: 'seed: ErrorDetail.loc; docs/server-behavior.md §2.4 (loc is the pydantic path, e.g. ["page"])',
    caughtBy: ['validation.details-name-parameter'],
  },
  {
    name: 'validation-echoes-input',
    area: 'validation',
    deviates: 'A 422 message of query or body validation quotes the submitted invalid value.',
    breaks: 'docs/server-behavior.md §2.4 (include_input=False: no echo of user input)',
    caughtBy: ['validation.no-echo'],
  },
  {
    name: 'describe-fields-unvalidated',
    area: 'validation',
    deviates: 'GET /apps/{id}/describe ignores unknown members of ?fields= and answers 200.',
    breaks: 'seed: AppDescribeQuery ("Unknown member → ValidationError → 422"); docs/server-behavior.md §6.1',
    caughtBy: ['validation.rejects-invalid'],
  },
  {
    name: 'sessions-valid-limit-rejected',
    area: 'validation',
    deviates: 'GET /account/sessions refuses limits above 100 (such as 150) with 422.',
    breaks: 'docs/server-behavior.md §3 (SessionListQuery limit 1..200)',
    caughtBy: ['validation.accepts-valid'],
  },
  {
    name: 'device-code-invalid-body-422',
    area: 'validation',
    deviates: 'POST /oauth/device/code answers a missing or mistyped field with 422 instead of 400.',
    breaks: 'RFC 6749 §5.2 (invalid_request, HTTP 400); docs/server-behavior.md §4.2 (invalid or missing fields → 400 ErrorBody bad_request)',
    caughtBy: ['validation.device-malformed-400', 'validation.device-bad-request'],
  },
] as const satisfies readonly FaultDefinition[];
