// Faults of generic answers: success statuses, server errors, unknown objects, meta.
import type { FaultDefinition } from '../fault-definition.ts';

export const RESPONSE_FAULTS = [] as const satisfies readonly FaultDefinition[];
