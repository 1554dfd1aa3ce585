/** The check catalogue as a Markdown table (docs/checks.md, list-checks). */
import type { CheckDefinition } from '../checks/check.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderCheckTable(checks: readonly CheckDefinition[]): string {
  const rows = [...checks]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((c) => `| \`${c.id}\` | ${c.level} | ${cell(c.area)} | ${cell(c.statement)} | ${cell(c.specRef)} |`);
  return ['| id | level | area | statement | spec |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
