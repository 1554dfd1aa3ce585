/**
 * A check is a record (stable id, area, one-sentence statement, and the basis its rule rests on,
 * from which its level follows) plus a pure function from recorded evidence to violations
 * (style.md rules 1 and 2). Ids are never renamed or reused.
 */
import type { Level, Violation } from '../model/outcome.ts';
import { levelOf, renderSpecRef, type Basis } from './basis.ts';

export interface CheckRecord {
  /** Stable, dotted, kebab-case: `<area>.<behaviour>`. */
  readonly id: string;
  readonly area: string;
  /** One sentence stating the requirement. */
  readonly statement: string;
  /** What the rule rests on (lib/checks/basis.ts); the level follows from it. */
  readonly basis: readonly Basis[];
}

export interface CheckDefinition extends CheckRecord {
  /** MUST failures fail the run; SHOULD failures are warnings unless the run is told to fail on them. */
  readonly level: Level;
  /** The basis as one line of text. */
  readonly specRef: string;
}

export interface Check<I> extends CheckDefinition {
  evaluate(input: I): readonly Violation[];
}

export function defineCheck<I>(record: CheckRecord, evaluate: (input: I) => readonly Violation[]): Check<I> {
  return { ...record, level: levelOf(record.basis), specRef: renderSpecRef(record.basis), evaluate };
}

/** The required level of a check decides whether its failure fails the run. */
export function isRequired(definition: Pick<CheckDefinition, 'level'>): boolean {
  return definition.level === 'MUST';
}
