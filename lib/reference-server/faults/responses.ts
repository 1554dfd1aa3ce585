// Faults of generic answers: success statuses, server errors, unknown objects, meta.
import type { FaultDefinition } from '../fault-definition.ts';

export const RESPONSE_FAULTS = [
  {
    name: 'switch-current-409',
    area: 'workspaces',
    deviates: 'Switching to the workspace that is already current answers 409 conflict instead of 200 with its detail.',
    breaks: 'POST /workspaces/{workspace_id}/switch responses (200 WorkspaceDetailResponse); docs/server-behavior.md §9',
    caughtBy: ['response.success'],
  },
  {
    name: 'app-unknown-500',
    area: 'apps',
    deviates: 'An app id that names no app makes describe, export and check-dependencies answer 500 instead of 404.',
    breaks: 'docs/server-behavior.md §1.5 (unknown app → 404), §2.2 (5xx only for server faults)',
    caughtBy: ['errors.unknown-resource', 'response.no-server-error'],
  },
  {
    name: 'version-empty',
    area: 'meta',
    deviates: '/_version answers an empty version string, as a build without its version stamp would.',
    breaks: 'ServerVersionResponse.version; docs/server-behavior.md §10',
    caughtBy: ['meta.version.ok'],
  },
  {
    name: 'version-requires-auth',
    area: 'meta',
    deviates: '/_version sits behind the bearer guard and answers 401 ErrorBody to a request without a live bearer.',
    breaks: 'GET /_version (no authorization; docs/server-behavior.md §1.6, §10)',
    caughtBy: ['auth.free.no-bearer-needed', 'meta.version.ok'],
  },
] as const satisfies readonly FaultDefinition[];
