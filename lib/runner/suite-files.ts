/**
 * The suite files of a run: every file under suites/, narrowed by the file
 * filters given as positional arguments (`run meta apps`) and dealt to
 * shards (--shard i/n) by their cost, so the shards of a CI matrix take about
 * the same time rather than the same number of files.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/config-error.ts';
import { closestName } from '../config/closest-name.ts';
import { PACKAGE_ROOT } from './suite-info.ts';
import { fileProfile } from './suite-profile.ts';

export const SUITES_DIR = resolve(PACKAGE_ROOT, 'suites');
const SUFFIX = '.test.ts';

/** The names of the suite files (without .test.ts), sorted. */
export function suiteFileNames(): string[] {
  return readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** A filter matches a suite file whose path (suites/<name>.test.ts) contains it, as vitest's file filters do. */
function matches(name: string, filter: string): boolean {
  return `suites/${name}${SUFFIX}`.includes(filter);
}

/** The suite files the filters select (all without filters); a filter that matches no file is a usage error. */
export function selectSuiteFiles(filters: readonly string[], names: readonly string[] = suiteFileNames()): string[] {
  for (const filter of filters) {
    if (names.some((name) => matches(name, filter))) continue;
    const closest = closestName(filter, names);
    const hint = closest.distance <= 3 ? `did you mean ${closest.name}? ` : '';
    throw new ConfigError(`no suite file matches "${filter}"; ${hint}the suite files are ${names.join(', ')} (--only selects checks by id, area or level)`);
  }
  return filters.length === 0 ? [...names] : names.filter((name) => filters.some((filter) => matches(name, filter)));
}

/**
 * The cost of a suite file in seconds against a real server: its own time
 * plus a second per request that carries the token (the default limit of 60
 * a minute); a file not yet measured counts as an average one.
 */
export function suiteCost(name: string): number {
  const profile = fileProfile(name);
  return profile.seconds + profile.tokenRequests;
}

/**
 * Shard `index` of `count` of the files: the costliest file goes to the
 * cheapest shard so far (ties to the lower shard), in a fixed order, so every
 * machine of a matrix deals the same shards.
 */
export function shardOf(files: readonly string[], shard: { readonly index: number; readonly count: number }): string[] {
  const loads = Array.from({ length: shard.count }, () => 0);
  const dealt: string[][] = Array.from({ length: shard.count }, () => []);
  const byCost = [...files].sort((a, b) => suiteCost(b) - suiteCost(a) || a.localeCompare(b));
  for (const file of byCost) {
    const cheapest = loads.indexOf(Math.min(...loads));
    loads[cheapest] = (loads[cheapest] ?? 0) + suiteCost(file);
    dealt[cheapest]?.push(file);
  }
  return (dealt[shard.index - 1] ?? []).sort();
}
