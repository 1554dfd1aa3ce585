/**
 * The generators keep their classes apart: a canonical text is never invalid,
 * an invalid one is never readable by a lax parser (pydantic's rules, and the
 * reference server's, which follow them), an ambiguous one is never judged.
 * The same seed gives the same inputs, so a failure can be replayed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidCases, showRequest, validCases, validFields } from '../../lib/fuzz/fuzz-cases.ts';
import { operationModels } from '../../lib/fuzz/operation-models.ts';
import { propertiesOf } from '../../lib/fuzz/properties.ts';
import * as forms from '../../lib/fuzz/query-forms.ts';
import { seedOffset } from '../../lib/fuzz/run-property.ts';
import { parseBoolText, parseIntText } from '../../lib/reference-server/validation.ts';
import { loadSpec } from '../../lib/spec/spec-index.ts';

const sample = <T>(arbitrary: fc.Arbitrary<T>): T[] => fc.sample(arbitrary, { numRuns: 300, seed: 42 });
const CANONICAL_INTEGER = /^(0|-?[1-9]\d*)$/;
// What any lax integer parser might still read: sign, padding, leading zeros, ".0", underscores.
const READABLE_INTEGER = /^\s*[+-]?\d+(_\d+)*(\.0*)?\s*$/;

describe('integer texts', () => {
  it('canonical integers are in range and read by the reference server', () => {
    for (const text of sample(forms.canonicalInteger(1, 200, [20]).arbitrary)) {
      expect(text).toMatch(CANONICAL_INTEGER);
      expect(Number(text)).toBeGreaterThanOrEqual(1);
      expect(Number(text)).toBeLessThanOrEqual(200);
      expect(parseIntText(text)).toBe(Number(text));
    }
    for (const text of sample(forms.canonicalInteger(1, undefined, []).arbitrary)) {
      expect(text).toMatch(CANONICAL_INTEGER);
      expect(Number.isSafeInteger(Number(text))).toBe(true);
    }
  });

  it('out-of-range integers are canonical and out of range', () => {
    for (const text of sample(forms.aboveMaximum(200).arbitrary)) expect(BigInt(text) > 200n && CANONICAL_INTEGER.test(text)).toBe(true);
    for (const text of sample(forms.belowMinimum(1).arbitrary)) expect(BigInt(text) < 1n && CANONICAL_INTEGER.test(text)).toBe(true);
  });

  it('non-integer texts cannot be read as integers', () => {
    for (const text of sample(forms.NOT_AN_INTEGER.arbitrary)) {
      expect(text).not.toMatch(READABLE_INTEGER);
      expect(parseIntText(text)).toBeUndefined();
    }
  });

  it('ambiguous integer texts are never canonical', () => {
    for (const text of sample(forms.NON_CANONICAL_INTEGER.arbitrary)) expect(text).not.toMatch(CANONICAL_INTEGER);
    for (const text of sample(forms.BEYOND_EXACT.arbitrary)) expect(Number.isSafeInteger(Number(text))).toBe(false);
  });
});

describe('boolean texts', () => {
  it('non-boolean words are read as neither true nor false', () => {
    for (const text of sample(forms.NOT_A_BOOLEAN.arbitrary)) {
      expect(forms.BOOLEAN_WORDS.has(text.trim().toLowerCase())).toBe(false);
      expect(parseBoolText(text)).toBeUndefined();
    }
  });

  it('ambiguous spellings exclude the canonical ones', () => {
    for (const text of sample(forms.nonCanonicalBoolean().arbitrary)) expect(['true', 'false']).not.toContain(text);
  });
});

describe('enum, list and UUID texts', () => {
  const modes = ['chat', 'workflow', 'agent-chat'];

  it('values outside the enum and wrong-case values are never enum values', () => {
    for (const text of sample(forms.outsideEnum(modes).arbitrary)) expect(modes.map((m) => m.toLowerCase())).not.toContain(text.toLowerCase());
    for (const text of sample(forms.wrongCase(modes).arbitrary)) {
      expect(modes).not.toContain(text);
      expect(modes).toContain(text.toLowerCase());
    }
  });

  it('lists with an unknown member always carry one, and canonical lists never do', () => {
    const members = ['info', 'parameters', 'input_schema'];
    for (const text of sample(forms.commaListWithUnknown(members).arbitrary)) expect(text.split(',').some((m) => !members.includes(m))).toBe(true);
    for (const text of sample(forms.commaList(members).arbitrary)) expect(text.split(',').filter((m) => m !== '').every((m) => members.includes(m))).toBe(true);
  });

  it('texts that cannot be a UUID do not hold 32 hex digits, however they are wrapped', () => {
    for (const text of sample(forms.NOT_A_UUID.arbitrary)) {
      const hex = text.replace(/^urn:uuid:/, '').replace(/[{}-]/g, '');
      expect(hex).not.toMatch(/^[0-9a-fA-F]{32}$/);
    }
  });

  it('text longer than the limit is longer, text within it is within', () => {
    for (const text of sample(forms.tooLong(200).arbitrary)) expect(text.length).toBeGreaterThan(200);
    for (const text of sample(forms.anyText(200).arbitrary)) expect(text.length).toBeLessThanOrEqual(200);
  });
});

describe('whole inputs', () => {
  const spec = loadSpec();
  const models = operationModels(spec);
  const listSessions = models.find((m) => m.operationId === 'listSessions');

  it('the same seed gives the same inputs', () => {
    if (listSessions === undefined) throw new Error('no model of listSessions');
    const forms = propertiesOf(listSessions).find((p) => p.kind === 'rejects')?.forms ?? [];
    const draw = (): string[] => fc.sample(invalidCases(listSessions, validFields(listSessions).map((v) => v.fields), {}, forms), { numRuns: 20, seed: 7 }).map((c) => showRequest(c.request));
    expect(draw()).toEqual(draw());
  });

  it('valid inputs keep workspace_id of GET /apps as the fixture gave it', () => {
    const listApps = models.find((m) => m.operationId === 'listApps');
    if (listApps === undefined) throw new Error('no model of listApps');
    for (const c of fc.sample(validCases(listApps, { workspace_id: 'W' }), { numRuns: 50, seed: 3 })) expect(showRequest(c.request)).toMatch(/^\?workspace_id=W(&|$)/);
  });

  it('every property has its own seed offset', () => {
    const keys = models.flatMap((m) => propertiesOf(m, m.plan.sends === 'nothing' ? 'invalid-only' : m.plan.sends).map((p) => `${m.operationId} ${p.kind}`));
    expect(new Set(keys.map(seedOffset)).size).toBe(keys.length);
    expect(seedOffset('listSessions valid')).toBe(seedOffset('listSessions valid'));
  });
});
