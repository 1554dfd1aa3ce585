/**
 * JSON values for request bodies, small by construction: strings of at most
 * 24 characters, arrays of at most 3 items, objects of at most 3 keys.
 * "Wrong type" means a JSON type the field's schema does not allow, as a lax
 * pydantic v2 model still refuses it: numbers are not strings, and only
 * 0 and 1 among numbers are booleans.
 */
import fc from 'fast-check';
import { BOOLEAN_WORDS, SHRINK_ACROSS } from './query-forms.ts';

export type JsonType = 'string' | 'object' | 'array' | 'boolean' | 'integer' | 'number';

const key = fc.stringMatching(/^[a-z][a-z_]{0,7}$/);
export const shortText = fc.string({ maxLength: 24 });
const scalar = fc.oneof(SHRINK_ACROSS, shortText, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const smallObject = fc.dictionary(key, scalar, { maxKeys: 3 });
const smallArray = fc.array(scalar, { maxLength: 3 });

const NON_BOOLEAN_NUMBER = fc.oneof(SHRINK_ACROSS, fc.integer({ min: 2, max: 1000 }), fc.integer({ min: -1000, max: -1 }));
const NON_BOOLEAN_WORD = fc.stringMatching(/^[a-z]{2,8}$/).filter((word) => !BOOLEAN_WORDS.has(word));

/** Values of every JSON type other than `type` (and other than null when the field is nullable). */
export function wrongType(type: JsonType, nullable: boolean): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (type !== 'string') options.push(type === 'boolean' ? NON_BOOLEAN_WORD : shortText);
  if (type !== 'integer' && type !== 'number') options.push(type === 'boolean' ? NON_BOOLEAN_NUMBER : fc.integer({ min: -1000, max: 1000 }));
  if (type !== 'boolean') options.push(fc.boolean());
  if (type !== 'array') options.push(smallArray);
  if (type !== 'object') options.push(smallObject);
  if (!nullable) options.push(fc.constant(null));
  return fc.oneof(SHRINK_ACROSS, ...options);
}

/** A value of the type, for valid inputs. */
export function ofType(type: JsonType): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string': return shortText;
    case 'object': return smallObject;
    case 'array': return fc.array(smallObject, { maxLength: 2 });
    case 'boolean': return fc.boolean();
    case 'integer': return fc.integer({ min: -1000, max: 1000 });
    case 'number': return fc.integer({ min: -1000, max: 1000 });
  }
}

/** JSON that is not an object, for bodies whose schema is an object. */
export const NOT_AN_OBJECT: fc.Arbitrary<unknown> = fc.oneof(SHRINK_ACROSS, smallArray, shortText, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));

/** Text that no JSON parser accepts. */
export const MALFORMED_JSON: fc.Arbitrary<string> = fc.constantFrom('{', '{"', '{"a":}', '[1,', '{\'a\': 1}', 'not json', '{"a":1}}', '{"a" 1}');

/** Lax boolean spellings a body may carry: pydantic reads them, a strict server may not. */
export const LAX_BOOLEAN: fc.Arbitrary<unknown> = fc.constantFrom(0, 1, 'true', 'false', 'yes', 'no', 'on', 'off');
