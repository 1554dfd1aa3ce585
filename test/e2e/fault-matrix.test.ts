/**
 * Every check is proven (principle 1): for each named fault of the reference
 * server, a run with that fault switched on fails, and the checks the fault
 * catalogue names are among its failures. The healthy run (run-command.test.ts)
 * shows the same checks pass with the fault off.
 */
import { describe, expect, it } from 'vitest';
import { findCheck } from '../../lib/checks/catalogue.ts';
import { FAULTS } from '../../lib/reference-server/faults.ts';
import { runCli } from '../support/run-cli.ts';

describe.concurrent('each fault of the reference server is caught by the checks that target it', () => {
  for (const fault of FAULTS) {
    it(`${fault.name} → ${fault.caughtBy.join(', ')}`, async () => {
      const run = await runCli(['run', '--fault', fault.name, '--concurrency', '1']);
      const results = run.results();
      const failedIds = new Set(results.checks.filter((c) => c.status === 'failed').map((c) => c.id));
      for (const id of fault.caughtBy) expect(failedIds, `${id} should fail under ${fault.name}`).toContain(id);
      // A fault that only a SHOULD check catches is reported, but does not fail the run.
      const required = fault.caughtBy.some((id) => findCheck(id)?.level === 'MUST');
      expect(results.summary.verdict).toBe(required ? 'fail' : 'pass');
      expect(run.code).toBe(required ? 1 : 0);
    });
  }
});
