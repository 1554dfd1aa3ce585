/**
 * --only and --skip: which checks a run judges. A term is a check id (a
 * trailing * matches a prefix), an area, or a level (MUST, SHOULD, MAY).
 * Tests that decide none of the selected checks do not run; outcomes of
 * checks outside the selection are left out of the results.
 */
import type { CheckDefinition } from '../checks/check.ts';
import { RESPONSE_CHECKS } from '../checks/response-checks.ts';
import { ConfigError } from '../config/config-error.ts';

export interface CheckSelection {
  readonly only: readonly string[];
  readonly skip: readonly string[];
  /** The ids of the checks the run judges. */
  readonly ids: ReadonlySet<string>;
  /** Whether every check of the catalogue is selected. */
  readonly all: boolean;
}

const LEVELS = new Set(['MUST', 'SHOULD', 'MAY']);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function idsOfTerm(term: string, checks: readonly CheckDefinition[], flag: string): string[] {
  let matched: readonly CheckDefinition[];
  if (LEVELS.has(term.toUpperCase())) matched = checks.filter((c) => c.level === term.toUpperCase());
  else if (term.endsWith('*')) matched = checks.filter((c) => c.id.startsWith(term.slice(0, -1)));
  else matched = checks.filter((c) => c.id === term || c.area === term);
  if (matched.length === 0) {
    throw new ConfigError(`${flag}: "${term}" names no check id, area or level; see dify-conformance list-checks for the ids and areas`);
  }
  return matched.map((c) => c.id);
}

export function resolveSelection(only: readonly string[], skip: readonly string[], checks: readonly CheckDefinition[]): CheckSelection {
  const ids = new Set(only.length === 0 ? checks.map((c) => c.id) : only.flatMap((term) => idsOfTerm(term, checks, '--only')));
  for (const term of skip) for (const id of idsOfTerm(term, checks, '--skip')) ids.delete(id);
  if (ids.size === 0) throw new ConfigError('--only and --skip leave no check to run; loosen one of them');
  return { only, skip, ids, all: ids.size === checks.length };
}

/**
 * The vitest test-name pattern that runs only the tests deciding a selected
 * check (their names start with `[id id …]`). Undefined when every test must
 * run: all checks are selected, or a response check, which the harness
 * applies to every exchange of every test, is.
 */
export function testNamePattern(selection: CheckSelection): RegExp | undefined {
  if (selection.all || RESPONSE_CHECKS.some((c) => selection.ids.has(c.id))) return undefined;
  const ids = [...selection.ids].map(escapeRegExp).join('|');
  return new RegExp(`\\[(?:[^\\]]* )?(?:${ids})(?=[ \\]])`);
}
