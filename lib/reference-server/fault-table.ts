// Markdown rendering of the fault catalogue, for the project's documentation.
import { FAULTS } from './faults.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderFaultTable(): string {
  const header = ['| name | area | deviates | breaks | caughtBy |', '|---|---|---|---|---|'];
  const rows = FAULTS.map((fault) =>
    [`\`${fault.name}\``, fault.area, cell(fault.deviates), cell(fault.breaks), fault.caughtBy.map((id) => `\`${id}\``).join(', ')].join(' | '),
  );
  return [...header, ...rows.map((row) => `| ${row} |`)].join('\n') + '\n';
}
