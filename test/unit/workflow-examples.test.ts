/**
 * The GitHub Actions examples in docs/examples stay runnable: they parse as
 * YAML, every DIFY_ variable they set is a setting, and every
 * dify-conformance command line in them is one the parser accepts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS, SWITCH_FLAGS, VALUE_FLAGS } from '../../lib/cli/cli-flags.ts';
import { parseArgs } from '../../lib/cli/parse-args.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';

const DIR = resolve(PACKAGE_ROOT, 'docs/examples/github-actions');

interface Step { readonly run?: string; readonly env?: Record<string, string> }
interface Workflow { readonly jobs: Record<string, { readonly steps: readonly Step[] }> }

describe.each(readdirSync(DIR).filter((f) => f.endsWith('.yml')))('%s', (file) => {
  const workflow = parse(readFileSync(join(DIR, file), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('sets only DIFY_ variables that are settings', () => {
    const names = new Set(SETTINGS.map((s) => s.env));
    const used = steps.flatMap((step) => Object.keys(step.env ?? {})).filter((name) => name.startsWith('DIFY_'));
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(names, name).toContain(name);
  });

  it('runs dify-conformance command lines the parser accepts', () => {
    const lines = steps.map((step) => step.run ?? '').filter((run) => run.startsWith('npx dify-conformance'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const argv = line.replace(/^npx dify-conformance\s*/, '').split(/\s+/).filter((a) => a !== '');
      expect(() => parseArgs(argv, VALUE_FLAGS, SWITCH_FLAGS, COMMANDS), line).not.toThrow();
    }
  });
});
