// Faults of the device flow and of sessions.
import type { FaultDefinition } from '../fault-definition.ts';

export const DEVICE_SESSION_FAULTS = [] as const satisfies readonly FaultDefinition[];
