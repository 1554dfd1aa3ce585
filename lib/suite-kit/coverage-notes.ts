/**
 * Why a documented response is not exercised by the suite, for the coverage
 * matrix. Keys are `operationId code`. A cell not listed here and not
 * exercised reads "not exercised by this run".
 */
import type { CoverageNotes } from '../results/coverage.ts';

export const COVERAGE_NOTES: CoverageNotes = new Map([
  ['getHealth default', 'not provokable: a healthy server has no error to give'],
  ['getVersion default', 'not provokable: a healthy server has no error to give'],
]);
