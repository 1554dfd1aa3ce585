/**
 * Why a documented response is not exercised by the suite, for the coverage
 * matrix. Keys are `operationId code`. A cell not listed here and not
 * exercised reads "not exercised by this run".
 */
import type { CoverageNotes } from '../results/coverage.ts';

export const COVERAGE_NOTES: CoverageNotes = new Map([
  ['getHealth default', 'not provokable: a healthy server has no error to give'],
  ['getVersion default', 'not provokable: a healthy server has no error to give'],
  ['uploadFile 413', "not provoked: it takes a body over the server's upload limit (15 MB by default), which the suite does not send to a live server"],
  [
    'uploadFile 415',
    "not provoked: the real server answers a blocked extension with 400, not the seed's 415 (docs/server-behavior.md §6.4); a part without a content type is the only 415 left",
  ],
  ['listPermittedExternalApps 200', 'needs the Enterprise-only surface: set DIFY_EXTERNAL_TOKEN (a dfoe_ token) against an Enterprise deployment'],
  ['listPermittedExternalApps 422', 'needs the Enterprise-only surface: set DIFY_EXTERNAL_TOKEN (a dfoe_ token) against an Enterprise deployment'],
]);
