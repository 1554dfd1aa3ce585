/**
 * JSON values for request bodies, small by construction: strings of at most
 * 24 characters, arrays of at most 3 items, objects of at most 3 keys.
 * "Wrong type" means a JSON type the field's schema does not allow, as a lax
 * pydantic v2 model still refuses it: numbers are not strings, and only
 * 0 and 1 among numbers are booleans.
 */
import fc from 'fast-check';
import { BOOLEAN_WORDS, PLAIN_TEXT, SHRINK_ACROSS } from './query-forms.ts';

export type JsonType = 'string' | 'object' | 'array' | 'boolean' | 'integer' | 'number';

/** A family of JSON values: `examples` are sent before any generated value (see TextForm). */
export interface JsonValues {
  readonly examples: readonly unknown[];
  readonly arbitrary: fc.Arbitrary<unknown>;
}

const key = fc.stringMatching(/^[a-z][a-z_]{0,7}$/);
export const shortText = fc.string({ maxLength: 24 });
const scalar = fc.oneof(SHRINK_ACROSS, shortText, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const smallObject = fc.dictionary(key, scalar, { maxKeys: 3 });
const smallArray = fc.array(scalar, { maxLength: 3 });

const NON_BOOLEAN_NUMBER = fc.oneof(SHRINK_ACROSS, fc.integer({ min: 2, max: 1000 }), fc.integer({ min: -1000, max: -1 }));
const NON_BOOLEAN_WORD = fc.stringMatching(/^[a-z]{2,8}$/).filter((word) => !BOOLEAN_WORDS.has(word));

/** The wrong-typed value sent first: a number for a string (9 digits, so an echo of it shows), else a string. */
function wrongTypeExample(type: JsonType): unknown {
  if (type === 'string') return 123456789;
  if (type === 'boolean') return 'perhaps-not';
  return 'dify-conformance';
}

/** Values of every JSON type other than `type` (and other than null when the field is nullable). */
export function wrongType(type: JsonType, nullable: boolean): JsonValues {
  const options: fc.Arbitrary<unknown>[] = [];
  if (type !== 'string') options.push(type === 'boolean' ? NON_BOOLEAN_WORD : shortText);
  if (type !== 'integer' && type !== 'number') options.push(type === 'boolean' ? NON_BOOLEAN_NUMBER : fc.integer({ min: -1000, max: 1000 }));
  if (type !== 'boolean') options.push(fc.boolean());
  if (type !== 'array') options.push(smallArray);
  if (type !== 'object') options.push(smallObject);
  if (!nullable) options.push(fc.constant(null));
  return { examples: [wrongTypeExample(type)], arbitrary: fc.oneof(SHRINK_ACROSS, ...options) };
}

/** A value of the type, for valid inputs. */
export function ofType(type: JsonType): JsonValues {
  switch (type) {
    case 'string':
      return { examples: [PLAIN_TEXT], arbitrary: shortText };
    case 'object':
      return { examples: [{}], arbitrary: smallObject };
    case 'array':
      return { examples: [[]], arbitrary: fc.array(smallObject, { maxLength: 2 }) };
    case 'boolean':
      return { examples: [true, false], arbitrary: fc.boolean() };
    case 'integer':
      return { examples: [0], arbitrary: fc.integer({ min: -1000, max: 1000 }) };
    case 'number':
      return { examples: [0], arbitrary: fc.integer({ min: -1000, max: 1000 }) };
  }
}

/** JSON that is not an object, for bodies whose schema is an object. */
export const NOT_AN_OBJECT: JsonValues = {
  examples: [['dify-conformance']],
  arbitrary: fc.oneof(SHRINK_ACROSS, smallArray, shortText, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null)),
};

/** Text that no JSON parser accepts. */
export const MALFORMED_JSON: JsonValues = {
  examples: ['{"dify-conformance":'],
  arbitrary: fc.constantFrom('{', '{"', '{"a":}', '[1,', "{'a': 1}", 'not json', '{"a":1}}', '{"a" 1}'),
};

/** Lax boolean spellings a body may carry: pydantic reads them, a strict server may not. */
export const LAX_BOOLEAN: JsonValues = { examples: [1], arbitrary: fc.constantFrom(0, 1, 'true', 'false', 'yes', 'no', 'on', 'off') };
