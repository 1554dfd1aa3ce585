// Faults of runs, their event streams, tasks, files and forms.
import type { FaultDefinition } from '../fault-definition.ts';

export const STREAM_FAULTS = [] as const satisfies readonly FaultDefinition[];
