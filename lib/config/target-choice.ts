/**
 * Which server a run tests. The embedded reference server runs when it is
 * asked for by name (--embedded, or faults of it) or when nothing points
 * elsewhere; a gate that meant to test a deployment must never go green on
 * the embedded server because its URL was empty, misspelt or not passed in.
 */
import { ciIsSet } from './ci.ts';
import { ConfigError } from './config-error.ts';
import { describeOrigin, type SuiteConfig } from './load-config.ts';
import { SETTINGS } from './settings.ts';

const EXAMPLE_ROOT = 'https://dify.example.com/openapi/v1';
const OR_EMBEDDED = 'or pass --embedded to test the embedded reference server';

export type TargetChoice = 'embedded' | 'url';

/** Throws a configuration error when the run's target is not explicit. */
export function chooseTarget(
  config: SuiteConfig,
  options: { readonly embedded: boolean; readonly env: Readonly<Record<string, string | undefined>> },
): TargetChoice {
  const baseUrl = SETTINGS.find((s) => s.key === 'baseUrl');
  if (baseUrl === undefined) throw new Error('the settings table has no baseUrl');
  if (options.embedded) {
    if (config.baseUrl !== undefined) {
      throw new ConfigError(
        `--embedded asks for the embedded reference server, but ${describeOrigin(baseUrl, config.sources.baseUrl ?? 'default')} names ${config.baseUrl}; drop one of them`,
      );
    }
    return 'embedded';
  }
  if (config.baseUrl !== undefined) return 'url';
  const blank = config.blank.baseUrl;
  if (blank !== undefined) {
    throw new ConfigError(`${describeOrigin(baseUrl, blank)} is empty; set it to the API root of the server under test (e.g. ${EXAMPLE_ROOT}), ${OR_EMBEDDED}`);
  }
  if (config.referenceFaults.length > 0) return 'embedded';
  if (ciIsSet(options.env)) {
    throw new ConfigError(
      `no server to test: CI is set and DIFY_BASE_URL is not; set DIFY_BASE_URL to the API root of the server under test (e.g. ${EXAMPLE_ROOT}), ${OR_EMBEDDED}`,
    );
  }
  const describing = SETTINGS.find((s) => s.describesTarget === true && config.sources[s.key] !== undefined);
  if (describing !== undefined) {
    throw new ConfigError(
      `${describeOrigin(describing, config.sources[describing.key] ?? 'default')} describes a server, but DIFY_BASE_URL is not set; set DIFY_BASE_URL to that server's API root (e.g. ${EXAMPLE_ROOT}), ${OR_EMBEDDED}`,
    );
  }
  return 'embedded';
}
