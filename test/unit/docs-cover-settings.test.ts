/** The configuration reference, .env.example and --help name every setting. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../lib/cli/help-text.ts';
import { SETTINGS } from '../../lib/config/settings.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';

const reference = readFileSync(resolve(PACKAGE_ROOT, 'docs/configuration.md'), 'utf8');
const example = readFileSync(resolve(PACKAGE_ROOT, '.env.example'), 'utf8');
const help = helpText('0.0.0');

describe('every setting is documented', () => {
  it.each(SETTINGS.map((s) => [s.env, s]))('%s', (_env, setting) => {
    expect(reference).toContain(`| \`${setting.env}\` | \`${setting.flag}\` |`);
    expect(example).toMatch(new RegExp(`^# ${setting.env}=`, 'm'));
    expect(help).toContain(setting.flag);
    expect(help).toContain(setting.env);
  });
});
