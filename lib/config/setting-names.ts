/**
 * DIFY_* names that are not settings. A misspelt setting must not be ignored
 * in silence (a DIFY_BASEURL line would test the embedded server instead of
 * the deployment): in the .env file, which holds only this suite's settings,
 * an unknown name is an error; in the environment, where a deployment's own
 * DIFY_* variables may live, it is a warning, and an error only when it is
 * one typo away from a setting.
 */
import { closestName } from './closest-name.ts';
import { ConfigError } from './config-error.ts';
import { SETTINGS } from './settings.ts';

const PREFIX = 'DIFY_';

const SETTING_NAMES = SETTINGS.map((s) => s.env);
const KNOWN = new Set(SETTING_NAMES);

function unknownNames(names: Iterable<string>): string[] {
  return [...names].filter((name) => name.toUpperCase().startsWith(PREFIX) && !KNOWN.has(name)).sort();
}

/**
 * Throws on an unknown DIFY_* name in the .env file, or one a typo away from
 * a setting in the environment; returns a warning line for each other unknown
 * DIFY_* name of the environment.
 */
export function checkSettingNames(fileNames: Iterable<string>, fileLabel: string, environment: Readonly<Record<string, string | undefined>>): string[] {
  for (const name of unknownNames(fileNames)) {
    const { name: env, distance } = closestName(name.toUpperCase(), SETTING_NAMES);
    const hint = distance <= 3 ? `did you mean ${env}?` : 'docs/configuration.md lists the settings';
    throw new ConfigError(`${name} in ${fileLabel} is not a setting of dify-conformance; ${hint}`);
  }
  const warnings: string[] = [];
  for (const name of unknownNames(Object.keys(environment).filter((n) => environment[n] !== undefined))) {
    const { name: env, distance } = closestName(name.toUpperCase(), SETTING_NAMES);
    if (distance <= 1) throw new ConfigError(`${name} in the environment is not a setting of dify-conformance; did you mean ${env}? (rename it, or unset it)`);
    warnings.push(`${name} in the environment is not a setting of dify-conformance and is ignored`);
  }
  return warnings;
}
