/**
 * Validation rules that openapi.yaml does not express as schema keywords, each
 * declared once with its level and where it comes from. MUST: the seed states
 * the rule (in a model's description); SHOULD: only docs/server-behavior.md
 * does. The generators read these records; nothing else restates them.
 */
import type { Level } from '../model/outcome.ts';

export type RuleLevel = Extract<Level, 'MUST' | 'SHOULD'>;

interface RuleBase {
  readonly operation: string;
  readonly level: RuleLevel;
  readonly source: string;
}

export type BehaviorRule = RuleBase &
  (
    | { readonly kind: 'integer-range'; readonly parameter: string; readonly minimum: number; readonly maximum?: number }
    /** The service refuses values above `maximum` that the query model allows (400 invalid_param): valid, yet possibly refused, never with 422 or 5xx. */
    | { readonly kind: 'service-cap'; readonly parameter: string; readonly maximum: number }
    | { readonly kind: 'max-length'; readonly parameter: string; readonly maxLength: number }
    /** A string that must be a UUID; `emptyAllowed` when "" reads as null. */
    | { readonly kind: 'uuid'; readonly parameter: string; readonly emptyAllowed: boolean }
    /** A comma-separated subset of `members`; the server's message names unknown members, so echo is not judged. */
    | { readonly kind: 'allow-list'; readonly parameter: string; readonly members: readonly string[] }
    /** extra='forbid': a parameter or field the model does not declare is invalid. */
    | { readonly kind: 'strict-model'; readonly in: 'query' | 'body' }
    /** A model-level validator (loc []): `parameter` is required when `when.field` is `when.value`. */
    | { readonly kind: 'required-when'; readonly parameter: string; readonly when: { readonly field: string; readonly value: string } }
    /** The guard reads the parameter before validation: it is never mutated. */
    | { readonly kind: 'guarded'; readonly parameter: string }
    /** Enum values the seed allows but whose answer is unknown: sent, never judged. */
    | { readonly kind: 'open-values'; readonly parameter: string; readonly values: readonly string[] }
    /** Invalid input is answered 400 ErrorBody instead of 422 (the device flow does not use @accepts). */
    | { readonly kind: 'bad-request'; readonly fields: 'missing-or-wrong-type' }
    /** A body that is not JSON reads as {} and fails validation like an empty body. */
    | { readonly kind: 'malformed-json' }
  );

const LIST_BOUNDS = 'docs/server-behavior.md §3 (MAX_PAGE_LIMIT = 200; pinned by test_account.py: page 0, -3, limit 0, 999 → 422)';

function pageBounds(operation: string): readonly BehaviorRule[] {
  return [
    { operation, kind: 'integer-range', parameter: 'limit', minimum: 1, maximum: 200, level: 'SHOULD', source: LIST_BOUNDS },
    { operation, kind: 'integer-range', parameter: 'page', minimum: 1, level: 'SHOULD', source: LIST_BOUNDS },
  ];
}

export const BEHAVIOR_RULES: readonly BehaviorRule[] = [
  ...pageBounds('listSessions'),
  {
    operation: 'listSessions',
    kind: 'strict-model',
    in: 'query',
    level: 'MUST',
    source: 'seed: SessionListQuery "Strict (extra=\'forbid\')"; docs/server-behavior.md §3',
  },

  ...pageBounds('listMembers'),
  {
    operation: 'listMembers',
    kind: 'strict-model',
    in: 'query',
    level: 'MUST',
    source: 'seed: MemberListQuery "Strict (extra=\'forbid\')"; docs/server-behavior.md §3',
  },

  ...pageBounds('listApps'),
  {
    operation: 'listApps',
    kind: 'service-cap',
    parameter: 'limit',
    maximum: 100,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §12.4 (AppListParams limit le=100: 101..200 answered 400 invalid_param by real deployments)',
  },
  {
    operation: 'listApps',
    kind: 'max-length',
    parameter: 'name',
    maxLength: 200,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §3 (AppListQuery name ≤ 200)',
  },
  {
    operation: 'listApps',
    kind: 'guarded',
    parameter: 'workspace_id',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §1.5 step 7, §3 (guard_workspace reads ?workspace_id before validation: 404, never 422)',
  },
  {
    operation: 'listApps',
    kind: 'open-values',
    parameter: 'mode',
    values: ['rag-pipeline'],
    level: 'SHOULD',
    source: 'docs/server-behavior.md §3 (rag-pipeline is in the seed enum but not the service literal: answer UNKNOWN)',
  },

  ...pageBounds('listPermittedExternalApps'),
  {
    operation: 'listPermittedExternalApps',
    kind: 'max-length',
    parameter: 'name',
    maxLength: 200,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §3 (PermittedExternalAppsListQuery name ≤ 200)',
  },
  {
    operation: 'listPermittedExternalApps',
    kind: 'strict-model',
    in: 'query',
    level: 'MUST',
    source: 'seed: PermittedExternalAppsListQuery "Strict (extra=\'forbid\')"; docs/server-behavior.md §3',
  },

  {
    operation: 'describeApp',
    kind: 'allow-list',
    parameter: 'fields',
    members: ['info', 'parameters', 'input_schema'],
    level: 'MUST',
    source: 'seed: AppDescribeQuery ("?fields= allow-list … Unknown member → ValidationError → 422"); members from docs/server-behavior.md §6.1',
  },
  {
    operation: 'describeApp',
    kind: 'strict-model',
    in: 'query',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §6.1 (AppDescribeQuery is strict: any other parameter → 422 extra_forbidden)',
  },

  {
    operation: 'exportApp',
    kind: 'uuid',
    parameter: 'workflow_id',
    emptyAllowed: false,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §6.2 (workflow_id must be a UUID, 422 otherwise)',
  },

  {
    operation: 'runApp',
    kind: 'uuid',
    parameter: 'conversation_id',
    emptyAllowed: true,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §7.1 (conversation_id: UUID or empty, otherwise 422)',
  },
  {
    operation: 'runApp',
    kind: 'uuid',
    parameter: 'workspace_id',
    emptyAllowed: true,
    level: 'SHOULD',
    source: 'docs/server-behavior.md §7.1 (workspace_id: UUID or empty)',
  },

  { operation: 'importApp', kind: 'strict-model', in: 'body', level: 'SHOULD', source: 'docs/server-behavior.md §8.1 (body strict, extra → 422)' },
  {
    operation: 'importApp',
    kind: 'required-when',
    parameter: 'yaml_content',
    when: { field: 'mode', value: 'yaml-content' },
    level: 'MUST',
    source: 'seed: AppDslImportPayload.yaml_content ("required when mode is yaml-content"); loc [] per docs/server-behavior.md §8.1',
  },
  {
    operation: 'importApp',
    kind: 'required-when',
    parameter: 'yaml_url',
    when: { field: 'mode', value: 'yaml-url' },
    level: 'MUST',
    source: 'seed: AppDslImportPayload.yaml_url ("required when mode is yaml-url"); loc [] per docs/server-behavior.md §8.1',
  },

  {
    operation: 'inviteMember',
    kind: 'strict-model',
    in: 'body',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §9 (POST …/members body strict {email, role})',
  },

  {
    operation: 'createDeviceCode',
    kind: 'bad-request',
    fields: 'missing-or-wrong-type',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §4.2 (invalid/missing fields → 400 ErrorBody bad_request)',
  },
  {
    operation: 'pollDeviceToken',
    kind: 'bad-request',
    fields: 'missing-or-wrong-type',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §4.3 (both fields required → 400 ErrorBody on missing)',
  },
  {
    operation: 'lookupDevice',
    kind: 'bad-request',
    fields: 'missing-or-wrong-type',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §4.4 (missing user_code → 400 ErrorBody)',
  },
  {
    operation: 'approveDevice',
    kind: 'bad-request',
    fields: 'missing-or-wrong-type',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §4.2, §4.5 (same handler family, body {user_code}; no @accepts, so 400)',
  },
  {
    operation: 'denyDevice',
    kind: 'bad-request',
    fields: 'missing-or-wrong-type',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §4.2, §4.5 (same handler family, body {user_code}; no @accepts, so 400)',
  },

  {
    operation: '*',
    kind: 'malformed-json',
    level: 'SHOULD',
    source: 'docs/server-behavior.md §2.4 (missing or invalid JSON behaves like {} → 422 "Field required"; ver?)',
  },
];

/** The rules of one operation, including the ones that apply to every operation. */
export function rulesOf(operation: string): readonly BehaviorRule[] {
  return BEHAVIOR_RULES.filter((rule) => rule.operation === operation || rule.operation === '*');
}
