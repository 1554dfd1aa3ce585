/**
 * A check is a record (stable id, level, area, spec reference, one-sentence
 * statement) plus a pure function from recorded evidence to violations
 * (style.md rules 1 and 2). Ids are never renamed or reused.
 */
import type { Level, Violation } from '../model/outcome.ts';

export interface CheckDefinition {
  /** Stable, dotted, kebab-case: `<area>.<behaviour>`. */
  readonly id: string;
  /** MUST failures fail the run; SHOULD and MAY failures are reported but do not. */
  readonly level: Level;
  readonly area: string;
  /** The clause enforced: a seed operation or schema field, an RFC section, or docs/server-behavior.md §N. */
  readonly specRef: string;
  /** One sentence stating the requirement. */
  readonly statement: string;
}

export interface Check<I> extends CheckDefinition {
  evaluate(input: I): readonly Violation[];
}

export function defineCheck<I>(definition: CheckDefinition, evaluate: (input: I) => readonly Violation[]): Check<I> {
  return { ...definition, evaluate };
}

/** The required level of a check decides whether its failure fails the run. */
export function isRequired(definition: Pick<CheckDefinition, 'level'>): boolean {
  return definition.level === 'MUST';
}
