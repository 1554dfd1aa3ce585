/**
 * Which suite file declares which checks, so the fault matrix's area scope
 * runs, for each fault, the suites that declare the checks that must catch it.
 * A suite declares its checks as its tests are made (conformanceTest([...checks],
 * …), fuzz properties built from openapi.yaml), so the map is read from a run
 * against the healthy server (each test's declared checks) and kept in
 * suite-checks.json; each fault-matrix run compares it with what its healthy
 * run declared, and `fault-matrix --write-suite-checks` rewrites it.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ObservedTest } from '../results/run-results.ts';

/** conformanceTest names each test after its checks: `[id id …] title`. */
const ID_IN_NAME = /^\[([^\]]+)\]/;

export const SUITE_CHECKS_PATH = join(dirname(fileURLToPath(import.meta.url)), 'suite-checks.json');

/** Suite name (the file under suites/ without .test.ts) → the ids of the checks it declares, sorted. */
export type SuiteChecks = Readonly<Record<string, readonly string[]>>;

/** The checks each suite file's tests declared in a run (a test that wrote no record declared those its title names). */
export function suiteChecksOf(tests: readonly ObservedTest[]): SuiteChecks {
  const bySuite = new Map<string, Set<string>>();
  for (const test of tests) {
    const suite = basename(test.file).replace(/\.test\.ts$/, '');
    const ids = bySuite.get(suite) ?? new Set<string>();
    for (const id of test.record?.declared ?? ID_IN_NAME.exec(test.name)?.[1]?.split(' ') ?? []) ids.add(id);
    bySuite.set(suite, ids);
  }
  return Object.fromEntries([...bySuite].sort(([a], [b]) => a.localeCompare(b)).map(([suite, ids]) => [suite, [...ids].sort()]));
}

export function readSuiteChecks(path: string = SUITE_CHECKS_PATH): SuiteChecks {
  return JSON.parse(readFileSync(path, 'utf8')) as SuiteChecks;
}

/** The suites that declare any of `checks`. */
export function suitesDeclaring(map: SuiteChecks, checks: readonly string[]): string[] {
  return Object.entries(map)
    .filter(([, ids]) => ids.some((id) => checks.includes(id)))
    .map(([suite]) => suite);
}

/** How `observed` differs from `stored`, one line per suite; empty when they agree. */
export function suiteChecksDrift(stored: SuiteChecks, observed: SuiteChecks): string[] {
  const suites = [...new Set([...Object.keys(stored), ...Object.keys(observed)])].sort();
  const out: string[] = [];
  for (const suite of suites) {
    const before = new Set(stored[suite] ?? []);
    const now = new Set(observed[suite] ?? []);
    const added = [...now].filter((id) => !before.has(id));
    const gone = [...before].filter((id) => !now.has(id));
    if (added.length > 0 || gone.length > 0)
      out.push(`${suite}:${added.length > 0 ? ` now declares ${added.join(', ')}` : ''}${gone.length > 0 ? ` no longer declares ${gone.join(', ')}` : ''}`);
  }
  return out;
}
