/**
 * Check ids that are no longer in the catalogue. An id is never reused: a retired id stays here,
 * with why it went and what took its place, and a test keeps any new check from taking it.
 */
export interface RetiredCheck {
  readonly id: string;
  readonly retired: string;
  readonly why: string;
  readonly replacedBy?: string;
}

export const RETIRED_CHECKS: readonly RetiredCheck[] = [
  {
    id: 'sse.known-events',
    retired: '2026-12-06',
    why: 'An event name the suite does not list is allowed: servers add events (docs/server-behavior.md §12.7) and the client ignores names it does not know, so unlisted names are information in the report, never a verdict.',
    replacedBy: 'sse.events-named',
  },
];
