/**
 * The secret settings, read from the settings table (kind 'secret') so the
 * list is kept in one place: redaction, curl lines and the configuration echo
 * all take it from here.
 */
import { SETTINGS, type RawSettings, type SettingDefinition } from './settings.ts';

export function isSecretSetting(definition: SettingDefinition): boolean {
  return definition.kind === 'secret';
}

/**
 * The secret values among `values` (keyed like the settings table, e.g. a
 * run's target), each mapped to the environment name that stands for it in a
 * curl line ($DIFY_TOKEN), in the order of the table.
 */
export function secretVariables(values: Readonly<Partial<Record<keyof RawSettings, unknown>>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const definition of SETTINGS) {
    const value = values[definition.key];
    if (isSecretSetting(definition) && typeof value === 'string' && value !== '') out.set(value, definition.env);
  }
  return out;
}
