/** Writes the generated documentation (docs/checks.md, docs/faults.md). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatedDocs } from '../lib/docs/generated-docs.ts';
import { PACKAGE_ROOT } from '../lib/runner/suite-info.ts';

for (const [path, content] of generatedDocs()) {
  writeFileSync(resolve(PACKAGE_ROOT, path), content);
  console.log(`wrote ${path}`);
}
