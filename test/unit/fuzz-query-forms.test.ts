/**
 * The generators keep their classes apart: a canonical text is never invalid,
 * an invalid one is never readable by a lax parser (pydantic's rules, and the
 * reference server's, which follow them), an ambiguous one is never judged.
 * The same seed gives the same inputs, so a failure can be replayed; the
 * examples sent before them are the same in every run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exampleBase,
  invalidCases,
  invalidExamples,
  openExamples,
  showRequest,
  validCases,
  validExamples,
  validFields,
  type FuzzRequest,
} from '../../lib/fuzz/fuzz-cases.ts';
import { operationModels, type OperationModel } from '../../lib/fuzz/operation-models.ts';
import { propertiesOf } from '../../lib/fuzz/properties.ts';
import * as forms from '../../lib/fuzz/query-forms.ts';
import { seedOffset } from '../../lib/fuzz/run-operation.ts';
import { parseBoolText, parseIntText } from '../../lib/reference-server/validation.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';

const sample = <T>(arbitrary: fc.Arbitrary<T>): T[] => fc.sample(arbitrary, { numRuns: 300, seed: 42 });
/** The examples sent first and a sample of the generated texts: both must stay in their class. */
const texts = (form: forms.TextForm): string[] => [...form.examples, ...sample(form.arbitrary)];
const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;
// What any lax integer parser might still read: sign, padding, leading zeros, ".0", underscores.
const READABLE_INTEGER = /^\s*[+-]?\d+(_\d+)*(\.0*)?\s*$/;

describe('integer texts', () => {
  it('canonical integers are in range and read by the reference server', () => {
    for (const text of texts(forms.canonicalInteger(1, 200, [20]))) {
      expect(text).toMatch(CANONICAL_INTEGER);
      expect(Number(text)).toBeGreaterThanOrEqual(1);
      expect(Number(text)).toBeLessThanOrEqual(200);
      expect(parseIntText(text)).toBe(Number(text));
    }
    for (const text of texts(forms.canonicalInteger(1, undefined, []))) {
      expect(text).toMatch(CANONICAL_INTEGER);
      expect(Number.isSafeInteger(Number(text))).toBe(true);
    }
  });

  it('out-of-range integers are canonical and out of range', () => {
    for (const text of texts(forms.aboveMaximum(200))) expect(BigInt(text) > 200n && CANONICAL_INTEGER.test(text)).toBe(true);
    for (const text of texts(forms.belowMinimum(1))) expect(BigInt(text) < 1n && CANONICAL_INTEGER.test(text)).toBe(true);
  });

  it('non-integer texts cannot be read as integers', () => {
    for (const text of texts(forms.NOT_AN_INTEGER)) {
      expect(text).not.toMatch(READABLE_INTEGER);
      expect(parseIntText(text)).toBeUndefined();
    }
  });

  it('ambiguous integer texts are never canonical', () => {
    for (const text of texts(forms.NON_CANONICAL_INTEGER)) expect(text).not.toMatch(CANONICAL_INTEGER);
    for (const text of texts(forms.BEYOND_EXACT)) expect(Number.isSafeInteger(Number(text))).toBe(false);
  });
});

describe('boolean texts', () => {
  it('non-boolean words are read as neither true nor false', () => {
    for (const text of texts(forms.NOT_A_BOOLEAN)) {
      expect(forms.BOOLEAN_WORDS.has(text.trim().toLowerCase())).toBe(false);
      expect(parseBoolText(text)).toBeUndefined();
    }
  });

  it('ambiguous spellings exclude the canonical ones', () => {
    for (const text of texts(forms.nonCanonicalBoolean())) expect(['true', 'false']).not.toContain(text);
  });
});

describe('enum, list and UUID texts', () => {
  const modes = ['chat', 'workflow', 'agent-chat'];

  it('values outside the enum and wrong-case values are never enum values', () => {
    for (const text of texts(forms.outsideEnum(modes))) expect(modes.map((m) => m.toLowerCase())).not.toContain(text.toLowerCase());
    for (const text of texts(forms.wrongCase(modes))) {
      expect(modes).not.toContain(text);
      expect(modes).toContain(text.toLowerCase());
    }
  });

  it('lists with an unknown member always carry one, and canonical lists never do', () => {
    const members = ['info', 'parameters', 'input_schema'];
    for (const text of texts(forms.commaListWithUnknown(members))) expect(text.split(',').some((m) => !members.includes(m))).toBe(true);
    for (const text of texts(forms.commaList(members)))
      expect(
        text
          .split(',')
          .filter((m) => m !== '')
          .every((m) => members.includes(m)),
      ).toBe(true);
  });

  it('texts that cannot be a UUID do not hold 32 hex digits, however they are wrapped', () => {
    for (const text of texts(forms.NOT_A_UUID)) {
      const hex = text.replace(/^urn:uuid:/, '').replace(/[{}-]/g, '');
      expect(hex).not.toMatch(/^[0-9a-fA-F]{32}$/);
    }
  });

  it('text longer than the limit is longer, text within it is within', () => {
    for (const text of texts(forms.tooLong(200))) expect(text.length).toBeGreaterThan(200);
    for (const text of texts(forms.anyText(200))) expect(text.length).toBeLessThanOrEqual(200);
  });
});

describe('whole inputs', () => {
  const spec = loadSpec();
  const models = operationModels(spec);
  const listSessions = models.find((m) => m.operationId === 'listSessions');

  it('the same seed gives the same inputs', () => {
    if (listSessions === undefined) throw new Error('no model of listSessions');
    const forms = propertiesOf(listSessions).find((p) => p.kind === 'rejects')?.forms ?? [];
    const draw = (): string[] =>
      fc
        .sample(
          invalidCases(
            listSessions,
            validFields(listSessions).map((v) => v.fields),
            {},
            forms,
          ),
          { numRuns: 20, seed: 7 },
        )
        .map((c) => showRequest(c.request));
    expect(draw()).toEqual(draw());
  });

  it('valid inputs keep workspace_id of GET /apps as the fixture gave it', () => {
    const listApps = models.find((m) => m.operationId === 'listApps');
    if (listApps === undefined) throw new Error('no model of listApps');
    for (const c of fc.sample(validCases(listApps, { workspace_id: 'W' }), { numRuns: 50, seed: 3 }))
      expect(showRequest(c.request)).toMatch(/^\?workspace_id=W(&|$)/);
  });

  it('every operation has its own seed offset', () => {
    const keys = models.map((m) => m.operationId);
    expect(new Set(keys.map(seedOffset)).size).toBe(keys.length);
    expect(seedOffset('listSessions')).toBe(seedOffset('listSessions'));
  });
});

describe('examples sent before generated inputs', () => {
  const models = operationModels(loadSpec());
  const model = (operationId: string): OperationModel => {
    const found = models.find((m) => m.operationId === operationId);
    if (found === undefined) throw new Error(`no model of ${operationId}`);
    return found;
  };
  const shown = (cases: readonly { readonly request: FuzzRequest }[]): string[] => cases.map((c) => showRequest(c.request));

  it('give every invalid and every ambiguous form one example, and every valid form at least one', () => {
    for (const m of models) {
      for (const form of [...m.invalid, ...m.ambiguous]) expect(form.examples, `${m.operationId} ${form.parameter}: ${form.label}`).toHaveLength(1);
      for (const field of m.fields.filter((f) => f.guardedBy === undefined)) {
        for (const form of field.valid) expect(form.examples.length, `${m.operationId} ${field.name}: ${form.label}`).toBeGreaterThan(0);
      }
    }
  });

  it('send each bound of a page, just inside and just outside, in as few valid inputs as the longest list of examples needs', () => {
    const listSessions = model('listSessions');
    expect(shown(validExamples(listSessions, {}))).toEqual(['(no query string)', '?limit=1&page=1', '?limit=200&page=9007199254740991']);
    expect(shown(invalidExamples(listSessions, exampleBase(listSessions), {}, listSessions.invalid))).toEqual([
      '?limit=not-a-number',
      '?limit=0',
      '?limit=201',
      '?page=not-a-number',
      '?page=0',
      '?dify_unknown=dify-conformance',
    ]);
    // A combined input is narrowed to one parameter at a time when it is refused.
    expect(validExamples(listSessions, {})[2]?.narrower.map((c) => showRequest(c.request))).toEqual(['?limit=200', '?page=9007199254740991']);
  });

  it('let GET /apps refuse a limit above its service cap, never with 422 or 5xx (docs/server-behavior.md §12.4)', () => {
    const listApps = model('listApps');
    const limitOf = (c: { readonly request: FuzzRequest }): number => Number(new URLSearchParams(showRequest(c.request).slice(1)).get('limit') ?? 0);
    const examples = validExamples(listApps, { workspace_id: 'W' });
    expect(shown(examples.filter((c) => c.mayBeRefused !== undefined))).toEqual(['?workspace_id=W&limit=101', '?workspace_id=W&limit=200']);
    for (const c of examples.filter((e) => e.mayBeRefused === undefined)) expect(limitOf(c)).toBeLessThanOrEqual(100);
    for (const c of fc.sample(validCases(listApps, { workspace_id: 'W' }), { numRuns: 200, seed: 5 })) {
      if (limitOf(c) > 100) expect(c.mayBeRefused).toMatch(/§12\.4/);
    }
  });

  it('are the same in every run: they do not depend on the seed', () => {
    const first = models.flatMap((m) =>
      shown([...validExamples(m, {}), ...invalidExamples(m, exampleBase(m), {}, m.invalid), ...openExamples(m, exampleBase(m), {})]),
    );
    const again = models.flatMap((m) =>
      shown([...validExamples(m, {}), ...invalidExamples(m, exampleBase(m), {}, m.invalid), ...openExamples(m, exampleBase(m), {})]),
    );
    expect(again).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(100);
  });
});
