/** Suite-file filters are checked before a run, and shards are dealt by cost. */
import { describe, expect, it } from 'vitest';
import { selectSuiteFiles, shardOf, suiteCost, suiteFileNames } from '../../lib/runner/suite-files.ts';
import { suiteProfile } from '../../lib/runner/suite-profile.ts';
import { findCheck } from '../../lib/checks/catalogue.ts';

describe('selectSuiteFiles', () => {
  it('selects the files a filter names, as vitest filters do, and all without filters', () => {
    expect(selectSuiteFiles(['meta', 'fuzz'])).toEqual(['fuzz-bodies', 'fuzz-queries', 'meta']);
    expect(selectSuiteFiles([])).toEqual(suiteFileNames());
  });

  it('refuses a filter that matches no file, naming the closest one', () => {
    expect(() => selectSuiteFiles(['paginaton'])).toThrow(/no suite file matches "paginaton"; did you mean pagination\?/);
  });
});

describe('shardOf', () => {
  it('deals every file to exactly one shard, balanced by cost', () => {
    const files = suiteFileNames();
    const shards = [1, 2, 3].map((index) => shardOf(files, { index, count: 3 }));
    expect(shards.flat().sort()).toEqual(files);
    const loads = shards.map((shard) => shard.reduce((sum, file) => sum + suiteCost(file), 0));
    const total = loads.reduce((a, b) => a + b, 0);
    // Dealt by count, the two fuzzing files could share a shard; by cost none carries more than half.
    expect(Math.max(...loads)).toBeLessThanOrEqual(total / 2);
    expect(shards.some((shard) => shard.includes('fuzz-queries') && shard.includes('fuzz-bodies'))).toBe(false);
  });

  it('gives an empty shard when there are more shards than files', () => {
    expect(shardOf(['meta'], { index: 2, count: 2 })).toEqual([]);
  });

  it('knows the cost of every suite file, and the checks it names still exist', () => {
    const { files } = suiteProfile();
    for (const file of suiteFileNames()) expect(files[file], `${file}: measure it with npm run measure-suites`).toBeDefined();
    const unknown = Object.values(files)
      .flatMap((f) => f.checks)
      .filter((id) => findCheck(id) === undefined);
    expect(unknown, 'checks renamed or removed since the measurement: npm run measure-suites').toEqual([]);
  });
});
