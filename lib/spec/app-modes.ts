/**
 * The app modes the harness runs, read from openapi.yaml: runApp's
 * `x-dify-runnable-modes`, each a value of the AppMode enum (docs/server-behavior.md
 * §7.1: any other mode is 422 mode_not_runnable).
 */
import { loadSpec, resolvePointer, type SpecIndex } from './spec-index.ts';

/** A mode whose apps run. The type names what openapi.yaml lists; runnableAppModes checks the two agree. */
export type AppModeKey = 'workflow' | 'chat' | 'advanced-chat' | 'completion' | 'agent-chat';

const KNOWN: Readonly<Record<AppModeKey, true>> = { workflow: true, chat: true, 'advanced-chat': true, completion: true, 'agent-chat': true };

function isAppModeKey(value: unknown): value is AppModeKey {
  return typeof value === 'string' && Object.hasOwn(KNOWN, value);
}

/** The runnable modes in the order openapi.yaml lists them (the order discovery tries them in). */
export function runnableAppModes(spec: SpecIndex = loadSpec()): readonly AppModeKey[] {
  const listed = spec.operation('runApp').extensions.get('x-dify-runnable-modes');
  const appModes = resolvePointer(spec.document, '#/components/schemas/AppMode/enum');
  if (!Array.isArray(listed) || !Array.isArray(appModes)) throw new Error('openapi.yaml: runApp has no x-dify-runnable-modes list, or AppMode no enum');
  const modes = listed.filter(isAppModeKey);
  if (modes.length !== listed.length || modes.length !== Object.keys(KNOWN).length || !modes.every((m) => appModes.includes(m))) {
    throw new Error(
      `openapi.yaml: x-dify-runnable-modes of runApp (${listed.join(', ')}) must be AppMode values and match the harness's modes (${Object.keys(KNOWN).join(', ')})`,
    );
  }
  return modes;
}
