// Faults of DSL imports.
import type { FaultDefinition } from '../fault-definition.ts';

export const IMPORT_FAULTS = [] as const satisfies readonly FaultDefinition[];
