// Faults of DSL imports.
import type { FaultDefinition } from '../fault-definition.ts';

export const IMPORT_FAULTS = [
  {
    name: 'import-current-version-warns',
    area: 'imports',
    deviates: 'A DSL at the server\'s own version imports as completed-with-warnings instead of completed.',
    breaks: 'docs/server-behavior.md §8.1 (version rule: same version → completed); seed: 200 "Import completed"',
    caughtBy: ['imports.completed'],
  },
  {
    name: 'import-completed-no-app-mode',
    area: 'imports',
    deviates: 'A completed import answers app_mode null although it names the app it created.',
    breaks: 'Import.app_mode (seed: 200 "Import completed"; docs/server-behavior.md §8.1)',
    caughtBy: ['imports.completed-names-app'],
  },
  {
    name: 'import-newer-version-completes',
    area: 'imports',
    deviates: 'A DSL newer than the server\'s version is imported at once and answered 200 completed instead of being held pending.',
    breaks: 'docs/server-behavior.md §8.1 (imported > current → 202 pending)',
    caughtBy: ['imports.newer-pending'],
  },
  {
    name: 'import-older-minor-no-warnings',
    area: 'imports',
    deviates: 'A DSL of an older minor version is answered completed instead of completed-with-warnings.',
    breaks: 'docs/server-behavior.md §8.1 (imported minor < current minor → completed-with-warnings)',
    caughtBy: ['imports.older-minor-warns'],
  },
  {
    name: 'import-confirm-unknown-404',
    area: 'imports',
    deviates: 'Confirming an import id the server does not hold answers 404 ErrorBody instead of 400 with a failed Import.',
    breaks: 'POST …/imports/{import_id}/confirm 400 "Import failed" (docs/server-behavior.md §8.2)',
    caughtBy: ['imports.confirm-unknown-fails', 'imports.confirm-once'],
  },
  {
    name: 'import-confirm-no-app-id',
    area: 'imports',
    deviates: 'Confirming a pending import creates the app but answers 200 completed with app_id null.',
    breaks: 'seed: POST …/imports/{import_id}/confirm 200 Import (app_id); docs/server-behavior.md §8.2',
    caughtBy: ['imports.confirm-completes'],
  },
  {
    name: 'import-confirm-not-consumed',
    area: 'imports',
    deviates: 'Confirming keeps the pending import, so a second confirm imports it again and answers 200 completed.',
    breaks: 'docs/server-behavior.md §8.2 (the pending import is deleted on confirm; a second confirm → 400 failed)',
    caughtBy: ['imports.confirm-once'],
  },
  {
    name: 'import-bad-yaml-500',
    area: 'imports',
    deviates: 'An import whose YAML cannot be parsed answers 500 ErrorBody (the parser\'s exception escapes) instead of 400 failed.',
    breaks: 'seed: POST /workspaces/{id}/apps/imports 400 "Import failed" (docs/server-behavior.md §8.1)',
    caughtBy: ['imports.bad-dsl-fails'],
  },
  {
    name: 'import-failed-http-200',
    area: 'imports',
    deviates: 'POST /workspaces/{id}/apps/imports sends an Import with status failed as HTTP 200.',
    breaks: 'seed: POST /workspaces/{id}/apps/imports 400 "Import failed"',
    caughtBy: ['imports.status-matches-code', 'imports.bad-dsl-fails'],
  },
  {
    name: 'import-app-id-ignored',
    area: 'imports',
    deviates: 'An import with the app_id of an existing workflow app creates a new app instead of overwriting that one.',
    breaks: 'AppDslImportPayload.app_id ("Existing app ID to overwrite")',
    caughtBy: ['imports.overwrite-in-place'],
  },
  {
    name: 'import-ignores-dsl-name',
    area: 'imports',
    deviates: 'An import without a name in the payload ignores the DSL\'s app.name and names the app "Imported app".',
    breaks: 'POST /workspaces/{id}/apps/imports (app named from the DSL app section unless the payload has name; docs/server-behavior.md §8.1)',
    caughtBy: ['imports.app-visible'],
  },
] as const satisfies readonly FaultDefinition[];
