// Faults of pagination, app reads, workspaces and members.
import type { FaultDefinition } from '../fault-definition.ts';

export const LIST_APP_FAULTS = [] as const satisfies readonly FaultDefinition[];
