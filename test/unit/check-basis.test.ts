/**
 * Every check rests on something that exists: its seed pointers resolve in openapi.yaml, its
 * document sections are headings of docs/server-behavior.md or docs/client-behavior.md, its
 * standard sections are listed; and its level is the one the policy gives that basis.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { levelOf, STANDARD_SECTIONS } from '../../lib/checks/basis.ts';
import { CHECKS } from '../../lib/checks/catalogue.ts';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';
import { resolvePointer } from '../../lib/spec/spec-index.ts';

const spec = parse(readFileSync(resolve(PACKAGE_ROOT, 'openapi.yaml'), 'utf8')) as unknown;

function sectionsOf(file: string): Set<string> {
  const headings = readFileSync(resolve(PACKAGE_ROOT, file), 'utf8').match(/^#{2,3} (\d+(?:\.\d+)?)\.?\s/gm) ?? [];
  return new Set(headings.map((h) => `§${h.replace(/^#+ /, '').trim().replace(/\.$/, '')}`));
}

const SERVER_SECTIONS = sectionsOf('docs/server-behavior.md');
const CLIENT_SECTIONS = sectionsOf('docs/client-behavior.md');

function resolveSeedPointer(root: unknown, pointer: string): unknown {
  return pointer.startsWith('#/') ? resolvePointer(root, pointer) : undefined;
}

describe('the basis of every check', () => {
  it.each(CHECKS.map((c) => [c.id, c]))('%s rests on references that resolve, at the level they give', (_id, check) => {
    expect(check.basis.length).toBeGreaterThan(0);
    for (const basis of check.basis) {
      switch (basis.kind) {
        case 'seed':
          expect(resolveSeedPointer(spec, basis.pointer), basis.pointer).toBeDefined();
          break;
        case 'standard':
          expect(Object.keys(STANDARD_SECTIONS)).toContain(basis.section);
          break;
        case 'client':
          expect(CLIENT_SECTIONS, `docs/client-behavior.md has no ${basis.section}`).toContain(basis.section);
          break;
        case 'server':
          expect(SERVER_SECTIONS, `docs/server-behavior.md has no ${basis.section}`).toContain(basis.section);
          break;
        case 'security':
          expect(basis.says.length).toBeGreaterThan(10);
          break;
      }
    }
    expect(check.level).toBe(levelOf(check.basis));
  });

  it('reads the sections of both documents', () => {
    expect(SERVER_SECTIONS).toContain('§7.2');
    expect(SERVER_SECTIONS).toContain('§12.5');
    expect(CLIENT_SECTIONS).toContain('§3');
  });
});
