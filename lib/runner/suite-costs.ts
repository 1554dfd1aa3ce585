/**
 * What each suite file costs, in seconds, to deal the files of a sharded run
 * (--shard i/n) by cost rather than by count. Measured 2026-12-06 against the
 * embedded reference server (its protocol waits included: device-code polling
 * and expiry), plus 50 ms per request for a real server's latency, rounded up
 * to whole seconds. A file missing here counts as an average one; add it after
 * measuring (a run's progress line gives its time, results.json its requests).
 */
export const SUITE_COST_SECONDS: Readonly<Record<string, number>> = {
  'fuzz-queries': 50,
  'fuzz-bodies': 38,
  'device-flow': 14,
  auth: 6,
  runs: 3,
  sessions: 3,
  pagination: 3,
  imports: 2,
  errors: 2,
  account: 1,
  apps: 1,
  describe: 1,
  export: 1,
  files: 1,
  forms: 1,
  'human-input': 1,
  members: 1,
  meta: 1,
  'permitted-external-apps': 1,
  tasks: 1,
  workspaces: 1,
};
