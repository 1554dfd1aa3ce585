// Faults of request validation (issue 04 fuzzing).
import type { FaultDefinition } from '../fault-definition.ts';

export const VALIDATION_FAULTS = [] as const satisfies readonly FaultDefinition[];
