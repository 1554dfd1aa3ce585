/**
 * The GitHub Actions examples in docs/examples and the reusable action
 * (action.yml) stay runnable: they parse as YAML, every DIFY_ variable they
 * set is a setting, every dify-conformance command line in them is one the
 * parser accepts, every option the action passes is an option of run, and
 * every input an example gives the action is one it declares.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { flagsOf, parseCommandLine } from '../../lib/cli/command-line.ts';
import { runCommand } from '../../lib/cli/commands/run.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';

const DIR = resolve(PACKAGE_ROOT, 'docs/examples/github-actions');
const SETTING_NAMES = new Set(SETTINGS.map((s) => s.env));

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly if?: string;
}
interface Workflow {
  readonly jobs: Record<string, { readonly steps: readonly Step[] }>;
}
interface Action {
  readonly inputs: Record<string, { readonly required?: boolean; readonly default?: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly Step[] };
}

const action = parse(readFileSync(join(PACKAGE_ROOT, 'action.yml'), 'utf8')) as Action;
const usesAction = (step: Step): boolean => /dify-openapi-conformance@/.test(step.uses ?? '');
const dify = (env: Record<string, string> | undefined): string[] => Object.keys(env ?? {}).filter((name) => name.startsWith('DIFY_'));

describe.each(readdirSync(DIR).filter((f) => f.endsWith('.yml')))('%s', (file) => {
  const workflow = parse(readFileSync(join(DIR, file), 'utf8')) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('runs the suite, with the command line or the action', () => {
    expect(steps.some((step) => step.run?.startsWith('npx dify-conformance') === true || usesAction(step))).toBe(true);
  });

  it('sets only DIFY_ variables that are settings', () => {
    for (const name of steps.flatMap((step) => dify(step.env))) expect(SETTING_NAMES, name).toContain(name);
  });

  it('runs dify-conformance command lines the parser accepts', () => {
    const lines = steps.map((step) => step.run ?? '').filter((run) => run.startsWith('npx dify-conformance'));
    for (const line of lines) {
      const argv = line
        .replace(/^npx dify-conformance\s*/, '')
        .split(/\s+/)
        .filter((a) => a !== '');
      expect(() => parseCommandLine(argv), line).not.toThrow();
    }
  });

  it('gives the action only inputs it declares, and every input it requires', () => {
    for (const step of steps.filter(usesAction)) {
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), input).toContain(input);
      for (const [input, spec] of Object.entries(action.inputs)) if (spec.required === true) expect(Object.keys(step.with ?? {}), input).toContain(input);
    }
  });
});

describe('action.yml', () => {
  const script = action.runs.steps.map((step) => step.run ?? '').join('\n');

  it('is a composite action that installs the suite, runs it, keeps the reports whatever happened, then fails on the verdict', () => {
    expect(action.runs.using).toBe('composite');
    const names = action.runs.steps.map((step) => step.uses ?? step.run ?? '');
    const run = names.findIndex((n) => n.includes('bin/dify-conformance.js'));
    const upload = action.runs.steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@') === true);
    const verdict = action.runs.steps.findIndex((step) => /exit 1/.test(step.run ?? ''));
    expect(names.findIndex((n) => n.includes('npm ci'))).toBeLessThan(run);
    expect(run).toBeLessThan(upload);
    expect(upload).toBeLessThan(verdict);
    expect(action.runs.steps[upload]?.if).toBe('always()');
    // node behind `--`: Node itself would otherwise take a --env-file in the arguments.
    expect(script).toMatch(/node -- "\$GITHUB_ACTION_PATH\/bin\/dify-conformance\.js" "\$\{args\[@\]\}"/);
  });

  it('sets only DIFY_ variables that are settings, and refers only to inputs it declares', () => {
    const env = action.runs.steps.flatMap((step) => dify(step.env));
    expect(env).toContain('DIFY_BASE_URL');
    for (const name of env) expect(SETTING_NAMES, name).toContain(name);
    const text = readFileSync(join(PACKAGE_ROOT, 'action.yml'), 'utf8');
    for (const [, input] of text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)) expect(Object.keys(action.inputs), input).toContain(input);
  });

  it('passes run only options that run takes', () => {
    const { valueFlags, switches } = flagsOf(runCommand);
    const passed = [...script.matchAll(/args\+=\(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(/\s+/)).filter((w) => w.startsWith('--'));
    expect(passed.length).toBeGreaterThan(0);
    for (const flag of passed) expect(valueFlags.has(flag) || switches.has(flag), flag).toBe(true);
  });
});
