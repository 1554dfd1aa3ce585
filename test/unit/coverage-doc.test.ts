/** docs/coverage-of-behavior.md names only checks the catalogue has: a renamed or removed check is noticed there too. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/catalogue.ts';
import { RETIRED_CHECKS } from '../../lib/checks/retired.ts';
import { ROOT } from '../support/run-cli.ts';

describe('docs/coverage-of-behavior.md', () => {
  it('names only checks of the catalogue', () => {
    const text = readFileSync(join(ROOT, 'docs/coverage-of-behavior.md'), 'utf8');
    const areas = new Set(CHECKS.map((c) => c.id.split('.')[0]));
    // Retired ids may be named with what replaced them; proposed checks are written in italics, not as code.
    const known = new Set([...CHECKS.map((c) => c.id), ...RETIRED_CHECKS.map((c) => c.id)]);
    const named = [...text.matchAll(/`([a-z]+(?:\.[a-z0-9-]+)+)`/g)].map((m) => m[1] ?? '').filter((id) => areas.has(id.split('.')[0]));
    expect(named.length).toBeGreaterThan(100);
    expect([...new Set(named.filter((id) => !known.has(id)))]).toEqual([]);
  });
});
