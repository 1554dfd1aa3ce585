/**
 * --only and --skip: terms resolve to check ids against the catalogue, and
 * the test-name pattern runs exactly the tests that decide a selected check.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/catalogue.ts';
import { ConfigError } from '../../lib/config/config-error.ts';
import { resolveSelection, testNamePattern } from '../../lib/runner/check-selection.ts';

const idsOfArea = (area: string) => CHECKS.filter((c) => c.area === area).map((c) => c.id);

describe('resolveSelection', () => {
  it('selects everything without terms', () => {
    const selection = resolveSelection([], [], CHECKS);
    expect(selection.all).toBe(true);
    expect(selection.ids.size).toBe(CHECKS.length);
    expect(testNamePattern(selection)).toBeUndefined();
  });

  it('takes areas, ids, prefixes and levels, and applies --skip after --only', () => {
    const pagination = idsOfArea('pagination');
    const [firstId] = pagination;
    const selection = resolveSelection(['pagination', 'meta.health.ok'], [firstId ?? ''], CHECKS);
    expect([...selection.ids].sort()).toEqual([...pagination.slice(1), 'meta.health.ok'].sort());
    expect(resolveSelection(['device.*'], [], CHECKS).ids.size).toBe(CHECKS.filter((c) => c.id.startsWith('device.')).length);
    expect([...resolveSelection(['should'], [], CHECKS).ids].every((id) => CHECKS.find((c) => c.id === id)?.level === 'SHOULD')).toBe(true);
    expect(resolveSelection([], ['MUST'], CHECKS).ids.size).toBe(CHECKS.filter((c) => c.level !== 'MUST').length);
  });

  it('names an unknown term and refuses a selection that leaves nothing', () => {
    expect(() => resolveSelection(['pagnation'], [], CHECKS)).toThrow(/--only: "pagnation" names no check id, area or level/);
    expect(() => resolveSelection([], ['nothing.*'], CHECKS)).toThrow(ConfigError);
    expect(() => resolveSelection(['pagination'], ['pagination'], CHECKS)).toThrow(/leave no check to run/);
  });
});

describe('testNamePattern', () => {
  it('matches the tests whose bracketed ids include a selected check, and no other', () => {
    const pattern = testNamePattern(resolveSelection(['meta.health.ok'], [], CHECKS));
    expect(pattern).toBeInstanceOf(RegExp);
    expect(pattern?.test('meta [meta.health.ok auth.free.no-bearer-needed] GET /_health')).toBe(true);
    expect(pattern?.test('[auth.free.no-bearer-needed meta.health.ok] GET /_health')).toBe(true);
    expect(pattern?.test('[meta.health.okay] something else')).toBe(false);
    expect(pattern?.test('[auth.free.no-bearer-needed] GET /_health mentions meta.health.ok')).toBe(false);
  });

  it('runs every test when a response check, applied to every exchange, is selected', () => {
    expect(testNamePattern(resolveSelection(['response.schema'], [], CHECKS))).toBeUndefined();
  });
});
