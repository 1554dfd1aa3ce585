import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../../lib/docs/generated-docs.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';

describe('generated documentation', () => {
  for (const [path, content] of generatedDocs()) {
    it(`${path} is up to date (run \`npm run docs\` after changing checks or faults)`, () => {
      expect(readFileSync(resolve(PACKAGE_ROOT, path), 'utf8')).toBe(content);
    });
  }
});
