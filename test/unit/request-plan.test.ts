/** The run's plan: expected requests and time, and a budget spent where detection is highest. */
import { describe, expect, it } from 'vitest';
import type { FaultDefinition } from '../../lib/reference-server/faults.ts';
import { planLine, planRequests } from '../../lib/runner/request-plan.ts';
import type { SuiteProfile } from '../../lib/runner/suite-profile.ts';

const profile: SuiteProfile = {
  measuredAt: '2026-12-06',
  overhead: { tokenRequests: 4, seconds: 3 },
  files: {
    cheap: { requests: 5, tokenRequests: 5, seconds: 1, checks: ['a.one', 'a.two'] },
    fuzz: { requests: 80, tokenRequests: 76, seconds: 2, checks: ['a.one', 'v.fuzz'] },
    waits: { requests: 10, tokenRequests: 0, seconds: 40, checks: ['d.flow'] },
  },
};

function fault(name: string, caughtBy: string[]): FaultDefinition {
  return { name, area: 'meta', deviates: name, breaks: name, caughtBy };
}
const faults = [fault('f1', ['a.one']), fault('f2', ['a.two']), fault('f3', ['v.fuzz']), fault('f4', ['d.flow'])];

describe('planRequests', () => {
  it("expects the paced token requests or the files' own time shared by the workers, whichever is longer", () => {
    const paced = planRequests(['cheap', 'fuzz', 'waits'], { requestsPerMinute: 60, concurrency: 2 }, faults, profile);
    expect(paced).toMatchObject({ files: ['cheap', 'fuzz', 'waits'], requests: 95, leftOut: [], unjudged: [] });
    // 85 token requests (4 the run's own) at one a second, plus the start-up.
    expect(paced.seconds).toBe(3 + 85);
    const unpaced = planRequests(['cheap', 'fuzz', 'waits'], { requestsPerMinute: 0, concurrency: 2 }, faults, profile);
    expect(unpaced.seconds).toBe(3 + 22);
  });

  it('within a budget runs the files that catch the most faults per request, and names what it leaves unjudged', () => {
    const plan = planRequests(['cheap', 'fuzz', 'waits'], { requestsPerMinute: 60, concurrency: 2, budget: 20 }, faults, profile);
    expect(plan.files).toEqual(['cheap', 'waits']);
    expect(plan.requests).toBe(15);
    expect(plan.leftOut).toEqual([{ file: 'fuzz', requests: 80 }]);
    // a.one is judged by cheap too; only v.fuzz is left unjudged.
    expect(plan.unjudged).toEqual(['v.fuzz']);
    expect(planLine(plan, { requestsPerMinute: 60, concurrency: 2, budget: 20 })).toBe(
      'plan: 2 suite file(s), about 15 requests, about 24 s at 60 requests/min per token; budget 20 requests: 1 file(s) left out (fuzz), 1 check(s) left unjudged',
    );
  });

  it('a budget no file fits runs nothing and leaves every check unjudged', () => {
    const plan = planRequests(['fuzz'], { requestsPerMinute: 60, concurrency: 2, budget: 3 }, faults, profile);
    expect(plan.files).toEqual([]);
    expect(plan.unjudged).toEqual(['a.one', 'v.fuzz']);
  });
});
