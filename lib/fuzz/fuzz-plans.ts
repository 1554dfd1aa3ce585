/**
 * What the fuzzer may send to each operation. The suite runs against
 * production deployments, so an operation gets only the inputs whose
 * acceptance by a broken server would harm nothing: GETs get everything;
 * writes aimed at ids that name nothing get everything (validation comes
 * before the lookup, docs/server-behavior.md §1.5 step 9); writes that would
 * act get only inputs that a correct server refuses; rate-limited endpoints
 * get a few inputs.
 */

export type Sends =
  /** Valid, invalid and ambiguous inputs. */
  | 'all'
  /** Only inputs invalid in one parameter, built on an otherwise valid base. */
  | 'invalid-only'
  /** Nothing: `why` says what sending would cost. */
  | 'nothing';

export interface FuzzPlan {
  readonly operation: string;
  readonly sends: Sends;
  readonly why: string;
  /** Valid inputs get any answer but 422 and 5xx, because the path names nothing on purpose. */
  readonly pathNamesNothing?: boolean;
  /** At most this many generated inputs after the examples, whatever DIFY_FUZZ_RUNS says. */
  readonly maxRuns?: number;
  /** The only texts sent for a parameter, valid or ambiguous ones alike. */
  readonly restrict?: { readonly parameter: string; readonly valid: readonly string[]; readonly ambiguous: readonly string[]; readonly why: string };
}

export const FUZZ_PLANS: readonly FuzzPlan[] = [
  { operation: 'listSessions', sends: 'all', why: 'a read' },
  { operation: 'listApps', sends: 'all', why: 'a read' },
  { operation: 'describeApp', sends: 'all', why: 'a read' },
  {
    operation: 'exportApp',
    sends: 'all',
    why: 'a read',
    restrict: {
      parameter: 'include_secret',
      valid: ['false'],
      ambiguous: ['0', 'no', 'off', 'f', 'n', 'False', 'FALSE', ' false', 'false '],
      why: 'apps the run did not create are exported without secrets only, so no truthy spelling is sent',
    },
  },
  { operation: 'listMembers', sends: 'all', why: 'a read' },
  { operation: 'listPermittedExternalApps', sends: 'all', why: 'a read' },
  {
    operation: 'lookupDevice',
    sends: 'all',
    why: 'a read, limited to 60 per 5 minutes per client IP (docs/server-behavior.md §12.5), which the device-flow suite needs',
    maxRuns: 2,
  },
  { operation: 'updateMemberRole', sends: 'all', why: 'the member id is a fresh UUID that names nobody', pathNamesNothing: true },
  { operation: 'submitHumanInputForm', sends: 'all', why: 'the form token is a fresh UUID that names no form', pathNamesNothing: true },
  { operation: 'runApp', sends: 'invalid-only', why: 'a valid body would run the app' },
  {
    operation: 'importApp',
    sends: 'invalid-only',
    why: 'a valid body would import an app (the base DSL is one that fails to import, should a broken server accept it anyway)',
  },
  {
    operation: 'inviteMember',
    sends: 'invalid-only',
    why: "a valid body would invite somebody (the base address is the run's own on example.com, reserved by RFC 2606, and removed again should a broken server invite it)",
  },
  {
    operation: 'createDeviceCode',
    sends: 'invalid-only',
    why: 'a valid body would issue a device code, and codes are limited to 60 an hour per client IP (docs/server-behavior.md §12.5)',
    maxRuns: 1,
  },
  { operation: 'pollDeviceToken', sends: 'invalid-only', why: 'a valid poll only reports on a code; the bad-request answers are what is fuzzed' },
  {
    operation: 'approveDevice',
    sends: 'nothing',
    why: "every request spends the console session's approve/deny quota of 10 an hour (docs/server-behavior.md §1.4), which the device-flow suite needs",
  },
  {
    operation: 'denyDevice',
    sends: 'nothing',
    why: "every request spends the console session's approve/deny quota of 10 an hour (docs/server-behavior.md §1.4), which the device-flow suite needs",
  },
];

export function planOf(operation: string): FuzzPlan | undefined {
  return FUZZ_PLANS.find((plan) => plan.operation === operation);
}
