/**
 * The command line beyond a plain run: list-checks matches the registry,
 * per-command help, --only/--skip, --shard with merge, and one clear line
 * with exit status 2 for bad values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../lib/checks/catalogue.ts';
import { renderCheckTable } from '../../lib/docs/check-table.ts';
import { runCli, ROOT, tempDir } from '../support/run-cli.ts';

const validateResults = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'docs/results.schema.json'), 'utf8')) as object);

const oneLine = (text: string): void => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).toMatch(/^dify-conformance: /);
};

describe('list-checks', () => {
  it('prints the registry as JSON, Markdown and a table', async () => {
    const json = await runCli(['list-checks', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      [...CHECKS].sort((a, b) => a.id.localeCompare(b.id)).map(({ id, level, area, specRef, statement }) => ({ id, level, area, specRef, statement })),
    );
    const markdown = await runCli(['list-checks', '--format', 'markdown']);
    expect(markdown.stdout).toBe(`${renderCheckTable(CHECKS)}\n`);
    const table = await runCli(['list-checks']);
    const rows = table.stdout.trim().split('\n');
    expect(rows).toHaveLength(CHECKS.length + 1);
    for (const check of CHECKS) expect(rows.some((r) => r.startsWith(`${check.id} `) && r.includes(check.level) && r.includes(check.statement))).toBe(true);
  });
});

describe('help and bad input', () => {
  it('gives each command its own --help', async () => {
    const merge = await runCli(['merge', '--help']);
    expect(merge.code).toBe(0);
    expect(merge.stdout).toMatch(/dify-conformance merge FILE\.json…/);
    expect(merge.stdout).not.toMatch(/--base-url/);
    const run = await runCli(['run', '--help']);
    expect(run.stdout).toMatch(/--only TERMS/);
    expect(run.stdout).toMatch(/--shard <value> +DIFY_SHARD/);
  });

  it('ends an unknown selection term, a bad shard or a merge of nothing with one line and exit status 2', async () => {
    for (const [args, message] of [
      [['run', '--only', 'pagnation'], /--only: "pagnation" names no check id, area or level/],
      [['run', '--shard', '3/2'], /--shard must be i\/n with 1 ≤ i ≤ n/],
      [['merge'], /merge needs the results\.json files/],
      [['merge', 'missing.json'], /cannot read missing\.json as a results\.json file/],
    ] as const) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      oneLine(run.stderr);
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('--only and --skip', () => {
  it('judge only the selected checks and run only the tests that decide them', async () => {
    const run = await runCli(['run', '--only', 'pagination', '--skip', 'pagination.echo']);
    expect(run.code, run.stderr).toBe(0);
    const results = run.results();
    const selected = CHECKS.filter((c) => c.area === 'pagination' && c.id !== 'pagination.echo').map((c) => c.id);
    expect(new Set(results.checks.map((c) => c.id))).toEqual(new Set(selected));
    expect(results.run.selection).toEqual({ only: ['pagination'], skip: ['pagination.echo'], checks: selected.length });
    expect(results.summary.exchanges).toBeLessThan(200);
    expect(run.stdout).toMatch(/selection: --only pagination --skip pagination\.echo \(\d+ checks judged\)/);
  });
});

describe('--shard and merge', () => {
  it('splits the suite files and joins the shards into one verdict; a missing shard fails the merge', async () => {
    const cwd = tempDir();
    const suites = ['meta', 'account', 'apps', 'workspaces'];
    const first = await runCli(['run', ...suites, '--shard', '1/2', '--report-dir', 'one'], { cwd });
    const second = await runCli(['run', ...suites, '--shard', '2/2', '--report-dir', 'two'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    // Each suite file ran in exactly one shard (the progress lines name them).
    const ran = (r: typeof first): string[] => r.stderr.match(/ (?:meta|account|apps|workspaces):/g) ?? [];
    expect([...ran(first), ...ran(second)].sort()).toEqual(suites.map((s) => ` ${s}:`).sort());

    const merged = await runCli(['merge', 'one/results.json', 'two/results.json', '--report-dir', 'merged'], { cwd });
    expect(merged.code, merged.stdout).toBe(0);
    const results = JSON.parse(readFileSync(join(cwd, 'merged/results.json'), 'utf8')) as ReturnType<typeof first.results>;
    expect(validateResults(results), JSON.stringify(validateResults.errors)).toBe(true);
    const parts = [
      JSON.parse(readFileSync(join(cwd, 'one/results.json'), 'utf8')),
      JSON.parse(readFileSync(join(cwd, 'two/results.json'), 'utf8')),
    ] as (typeof results)[];
    expect(results.summary.exchanges).toBe(parts[0]!.summary.exchanges + parts[1]!.summary.exchanges);
    expect(new Set(results.checks.map((c) => `${c.id} ${c.operation ?? ''}`))).toEqual(
      new Set(parts.flatMap((p) => p.checks.map((c) => `${c.id} ${c.operation ?? ''}`))),
    );
    expect(results.run.mergedFrom?.map((p) => p.shard?.index)).toEqual([1, 2]);
    expect(merged.stdout).toMatch(/verdict: PASS/);

    const incomplete = await runCli(['merge', 'one/results.json', '--report-dir', 'incomplete'], { cwd });
    expect(incomplete.code).toBe(1);
    expect(incomplete.stdout).toMatch(/shard 2\/2 of the embedded reference server is missing/);
  });
});
