/**
 * The check catalogue and the fault catalogue agree: ids are unique and
 * well-formed, every check has a level, a spec reference and a statement, and
 * every fault names checks that exist.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS, findCheck } from '../../lib/checks/catalogue.ts';
import { FAULTS } from '../../lib/reference-server/faults.ts';

describe('check catalogue', () => {
  it.each(CHECKS.map((c) => [c.id, c]))('%s is a complete record', (_id, check) => {
    expect(check.id).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(['MUST', 'SHOULD', 'MAY']).toContain(check.level);
    expect(check.specRef.length).toBeGreaterThan(5);
    expect(check.statement).toMatch(/\.$/);
  });
});

describe('fault catalogue', () => {
  it('has unique fault names', () => {
    expect(new Set(FAULTS.map((f) => f.name)).size).toBe(FAULTS.length);
  });
  it.each(FAULTS.map((f) => [f.name, f]))('%s names checks that exist', (_name, fault) => {
    expect(fault.caughtBy.length).toBeGreaterThan(0);
    for (const id of fault.caughtBy) expect(findCheck(id), id).toBeDefined();
  });
});

describe('every check is proven by a fault', () => {
  const proven = new Set(FAULTS.flatMap((f) => f.caughtBy));
  it.each(CHECKS.map((c) => [c.id]))('%s is named by a fault of the reference server', (id) => {
    expect(proven, `${id} has no fault in lib/reference-server/faults.ts that it must catch`).toContain(id);
  });
});
