// Named deviations the reference server can be told to make, so the suite's
// self-tests can prove that each conformance check is able to fail. A fault is
// one entry in the group file of its area (faults/*.ts) plus one
// `if (faults.has('name'))` at the spot where the server would go wrong.

import type { FaultDefinition } from './fault-definition.ts';
import { DEVICE_SESSION_FAULTS } from './faults/device-sessions.ts';
import { FOUNDATION_FAULTS } from './faults/foundation.ts';
import { IMPORT_FAULTS } from './faults/imports.ts';
import { LIST_APP_FAULTS } from './faults/lists-apps.ts';
import { RESPONSE_FAULTS } from './faults/responses.ts';
import { STREAM_FAULTS } from './faults/streams.ts';
import { VALIDATION_FAULTS } from './faults/validation.ts';

export type { FaultDefinition } from './fault-definition.ts';

export const FAULT_AREAS = [
  'meta',
  'auth',
  'errors',
  'schemas',
  'pagination',
  'validation',
  'device-flow',
  'sessions',
  'account',
  'workspaces',
  'members',
  'apps',
  'imports',
  'runs',
  'sse',
  'tasks',
  'files',
  'forms',
  'editions',
  'rate-limit',
] as const;

const CATALOGUE = [
  ...FOUNDATION_FAULTS,
  ...RESPONSE_FAULTS,
  ...VALIDATION_FAULTS,
  ...DEVICE_SESSION_FAULTS,
  ...LIST_APP_FAULTS,
  ...IMPORT_FAULTS,
  ...STREAM_FAULTS,
] as const;

export type FaultName = (typeof CATALOGUE)[number]['name'];

export const FAULTS: readonly FaultDefinition[] = CATALOGUE;

export function assertKnownFaults(names: readonly string[]): void {
  const known = new Set<string>(FAULTS.map((fault) => fault.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown reference-server fault(s): ${unknown.join(', ')}. Valid names: ${[...known].join(', ')}`);
  }
}

/** The faults switched on for one server; `has` only takes catalogued names. */
export class FaultSwitches {
  private readonly on: ReadonlySet<string>;

  constructor(names: readonly string[]) {
    assertKnownFaults(names);
    this.on = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.on.has(name);
  }
}
