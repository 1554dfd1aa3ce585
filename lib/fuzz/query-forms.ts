/**
 * Query-string texts and what they mean. OpenAPI 3.1 serialises query
 * parameters in `form` style: one `name=value` pair per parameter, the value
 * written as its plain text. The suite sorts every text it sends into one of
 * three classes and judges only the first and the last:
 *
 * - canonical, valid: integers in decimal without sign or leading zeros
 *   ("5", "-3" for a negative), booleans "true"/"false", enum values exactly as
 *   the spec spells them, any text for a plain string, UUIDs in lower-case
 *   8-4-4-4-12 form;
 * - ambiguous, never judged (either answer is acceptable, but never a 5xx):
 *   forms the spec does not settle and lax parsers read differently: "05",
 *   "+5", " 5", "5 ", "5.0", "-0", "1_0" and "" for integers; "1"/"0",
 *   "yes"/"no", "on"/"off", "t"/"f", "y"/"n", other letter cases, padding and ""
 *   for booleans; "" and padded values for enums; upper-case, braced or
 *   unhyphenated UUIDs and ""; padded, repeated or empty members of a comma
 *   list;
 * - clearly invalid: "abc", "5.5", "1e3", "0x10", "--5" and other non-integer
 *   text for integers; words that no parser reads as a boolean; values outside
 *   an enum and enum values in the wrong letter case; text that cannot be a UUID.
 *
 * Huge numbers: integers beyond 64 bits are still canonical. For `limit`
 * (1..200) they are out of range; `page` has no upper bound, so a huge page is
 * valid (a 200 with an empty page) up to 2^53 - 1, the largest integer every
 * client can write exactly; beyond that it is ambiguous.
 *
 * Control characters are never sent: whether a server may refuse them is not
 * a validation question the spec answers.
 */
import fc from 'fast-check';

/**
 * A family of texts, named for reports and the inventory. `examples` are sent
 * before any generated text, every one of them in every run: the boundaries of
 * the class first. An invalid or ambiguous class has one example, long enough
 * (8 characters or more where the class allows) that an answer repeating it
 * shows even unquoted; a valid class has its boundaries.
 */
export interface TextForm {
  readonly label: string;
  readonly examples: readonly string[];
  readonly arbitrary: fc.Arbitrary<string>;
}

/** Every spelling a lax boolean parser (pydantic v2) reads as true or false, in lower case. */
export const BOOLEAN_WORDS: ReadonlySet<string> = new Set(['0', 'off', 'f', 'false', 'n', 'no', '1', 'on', 't', 'true', 'y', 'yes']);

const LARGEST_EXACT = Number.MAX_SAFE_INTEGER;

/** The plain valid text sent first: non-ASCII, so a server that mangles UTF-8 shows it. */
export const PLAIN_TEXT = 'dify-conformance ✓';

/**
 * Alternatives are listed simplest first and shrinking may move to the first
 * one, so a counterexample ends as small as the failure allows (limit=201, not
 * limit=2^63).
 */
export const SHRINK_ACROSS = { withCrossShrink: true } as const;

export function canonicalInteger(minimum: number | undefined, maximum: number | undefined, preferred: readonly number[]): TextForm {
  const low = minimum ?? -1_000_000;
  const inRange = (n: number): boolean => n >= low && (maximum === undefined || n <= maximum);
  const boundaries = [...new Set([low, low + 1, ...(maximum === undefined ? [] : [maximum, maximum - 1]), ...preferred])].filter(inRange);
  const options: fc.Arbitrary<bigint>[] = [fc.bigInt({ min: BigInt(low), max: BigInt(maximum ?? low + 1000) }), fc.constantFrom(...boundaries.map(BigInt))];
  if (maximum === undefined) options.push(fc.bigInt({ min: BigInt(low), max: BigInt(LARGEST_EXACT) }));
  return {
    label: maximum === undefined ? `integer ≥ ${low} in decimal (up to 2^53 - 1)` : `integer ${low}..${maximum} in decimal`,
    examples: [String(low), String(maximum ?? LARGEST_EXACT)],
    arbitrary: fc.oneof(SHRINK_ACROSS, ...options).map(String),
  };
}

export function belowMinimum(minimum: number): TextForm {
  return {
    label: `integer below ${minimum}`,
    examples: [String(minimum - 1)],
    arbitrary: fc
      .oneof(
        SHRINK_ACROSS,
        fc.bigInt({ min: -1_000_000n, max: BigInt(minimum - 1) }),
        fc.constant(BigInt(minimum - 1)),
        fc.bigInt({ min: -(2n ** 80n), max: -(2n ** 63n) }),
      )
      .map(String),
  };
}

export function aboveMaximum(maximum: number): TextForm {
  return {
    label: `integer above ${maximum} (up to 2^80)`,
    examples: [String(maximum + 1)],
    arbitrary: fc
      .oneof(
        SHRINK_ACROSS,
        fc.bigInt({ min: BigInt(maximum + 1), max: 1_000_000_000n }),
        fc.constant(BigInt(maximum + 1)),
        fc.bigInt({ min: 2n ** 63n, max: 2n ** 80n }),
      )
      .map(String),
  };
}

export const BEYOND_EXACT: TextForm = {
  label: 'integer beyond 2^53 - 1',
  examples: [String(BigInt(LARGEST_EXACT) + 1n)],
  arbitrary: fc.bigInt({ min: BigInt(LARGEST_EXACT) + 1n, max: 2n ** 80n }).map(String),
};

export const NOT_AN_INTEGER: TextForm = {
  label: 'non-numeric, fractional, exponent or hexadecimal text',
  examples: ['not-a-number'],
  arbitrary: fc.oneof(
    SHRINK_ACROSS,
    fc.stringMatching(/^[a-z]{1,8}$/),
    fc.constantFrom('abc', 'five', 'NaN', 'Infinity', 'true', 'null', '5a', 'a5', '--5', '++5', '0x10', '1e3', '5.5', '-2.5', '1,5', '1 2'),
    fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 999 })).map(([whole, fraction]) => `${whole}.${fraction}`),
    fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([mantissa, exponent]) => `${mantissa}e${exponent}`),
  ),
};

export const NON_CANONICAL_INTEGER: TextForm = {
  label: 'leading zero, sign, padding, ".0", "-0", "1_0" or empty',
  examples: [''],
  arbitrary: fc.oneof(
    SHRINK_ACROSS,
    fc.constantFrom('', '-0', '1_0'),
    fc.tuple(fc.integer({ min: 0, max: 500 }), fc.constantFrom('0%', '+%', ' %', '% ', '%.0')).map(([n, shape]) => shape.replace('%', String(n))),
  ),
};

export function canonicalBoolean(allowed: readonly string[] = ['true', 'false']): TextForm {
  return { label: allowed.map((word) => `"${word}"`).join(' or '), examples: allowed, arbitrary: fc.constantFrom(...allowed) };
}

export const NOT_A_BOOLEAN: TextForm = {
  label: 'a word no parser reads as a boolean',
  examples: ['perhaps-not'],
  arbitrary: fc.oneof(
    SHRINK_ACROSS,
    fc.stringMatching(/^[a-z]{2,8}$/).filter((word) => !BOOLEAN_WORDS.has(word)),
    fc.constantFrom('perhaps', 'maybe', '2', '-1', 'truthy', 'nope', 'yess', '10'),
  ),
};

export function nonCanonicalBoolean(allowed?: readonly string[]): TextForm {
  const words = allowed ?? ['1', '0', 'yes', 'no', 'on', 'off', 't', 'f', 'y', 'n', 'True', 'FALSE', '', ' true', 'false '];
  return { label: 'other boolean spellings, letter cases, padding or empty', examples: words.slice(0, 1), arbitrary: fc.constantFrom(...words) };
}

export function enumValue(values: readonly string[]): TextForm {
  return { label: `one of ${values.join(', ')}`, examples: values, arbitrary: fc.constantFrom(...values) };
}

export function outsideEnum(values: readonly string[]): TextForm {
  const lower = new Set(values.map((value) => value.toLowerCase()));
  return {
    label: 'a value outside the enum',
    examples: [`${values[0] ?? ''}-unknown`],
    arbitrary: fc
      .oneof(
        SHRINK_ACROSS,
        fc.stringMatching(/^[a-z][a-z-]{0,11}$/),
        fc.constantFrom(...values).map((value) => `${value}x`),
      )
      .filter((value) => !lower.has(value.toLowerCase())),
  };
}

export function wrongCase(values: readonly string[]): TextForm {
  return {
    label: 'an enum value in another letter case',
    examples: [(values[0] ?? '').toUpperCase()],
    arbitrary: fc
      .tuple(fc.constantFrom(...values), fc.boolean())
      .map(([value, upper]) => (upper ? value.toUpperCase() : `${value.charAt(0).toUpperCase()}${value.slice(1)}`))
      .filter((value) => !values.includes(value)),
  };
}

export function paddedOrEmpty(values: readonly string[]): TextForm {
  return {
    label: 'empty, or a value with surrounding spaces',
    examples: [''],
    arbitrary: fc.oneof(
      SHRINK_ACROSS,
      fc.constant(''),
      fc.tuple(fc.constantFrom(...values), fc.constantFrom(' %', '% ', ' % ')).map(([value, shape]) => shape.replace('%', value)),
    ),
  };
}

/** Any text of at most `maxLength` characters, reaching `maxLength` itself now and then. */
export function anyText(maxLength: number | undefined): TextForm {
  const options: fc.Arbitrary<string>[] = [fc.string({ maxLength: Math.min(40, maxLength ?? 40) }), fc.string({ unit: 'grapheme', maxLength: 12 })];
  if (maxLength !== undefined) options.push(fc.string({ minLength: maxLength, maxLength }));
  return {
    label: maxLength === undefined ? 'any printable text' : `any printable text of at most ${maxLength} characters`,
    examples: [PLAIN_TEXT, ...(maxLength === undefined ? [] : ['x'.repeat(maxLength)])],
    arbitrary: fc.oneof(SHRINK_ACROSS, ...options),
  };
}

export function tooLong(maxLength: number): TextForm {
  return {
    label: `text longer than ${maxLength} characters`,
    examples: ['x'.repeat(maxLength + 1)],
    arbitrary: fc.string({ minLength: maxLength + 1, maxLength: maxLength + 40 }),
  };
}

export function commaList(members: readonly string[]): TextForm {
  return {
    label: `comma-separated subset of ${members.join(', ')} (empty: all)`,
    examples: [members.join(','), members.slice(0, 1).join(',')],
    arbitrary: fc.shuffledSubarray([...members]).map((chosen) => chosen.join(',')),
  };
}

export function commaListWithUnknown(members: readonly string[]): TextForm {
  const unknown = fc.oneof(
    SHRINK_ACROSS,
    fc.stringMatching(/^[a-z][a-z_]{0,11}$/).filter((name) => !members.includes(name)),
    fc.constantFrom(...members).map((name) => name.toUpperCase()),
  );
  return {
    label: 'a list with a member outside the allow-list',
    examples: [[...members.slice(0, 1), 'dify_unknown'].join(',')],
    arbitrary: fc.tuple(fc.shuffledSubarray([...members]), unknown, fc.nat()).map(([chosen, extra, at]) => {
      const list = [...chosen];
      list.splice(at % (list.length + 1), 0, extra);
      return list.join(',');
    }),
  };
}

export function looseCommaList(members: readonly string[]): TextForm {
  return {
    label: 'members with spaces, repeated members or empty items',
    examples: [
      members
        .slice(0, 1)
        .map((name) => `${name},${name}`)
        .join(''),
    ],
    arbitrary: fc.tuple(fc.constantFrom(...members), fc.constantFrom(' %', '%,%', ',%', '%,', '%,,%')).map(([name, shape]) => shape.replaceAll('%', name)),
  };
}

/** A UUID that names nothing: version 4 in form, with letters (so its upper case differs), and no random id is ever this one. */
export const NO_SUCH_UUID = 'deadbeef-0000-4000-8000-000000000000';

export const UUID: TextForm = { label: 'a lower-case UUID that names nothing', examples: [NO_SUCH_UUID], arbitrary: fc.uuid() };

export const NOT_A_UUID: TextForm = {
  label: 'text that cannot be a UUID',
  examples: ['not-a-uuid'],
  arbitrary: fc.oneof(
    SHRINK_ACROSS,
    fc.stringMatching(/^[g-z][a-z0-9]{0,11}$/),
    fc.constantFrom('not-a-uuid', '1234', 'null', 'undefined'),
    fc.uuid().map((id) => `${id.slice(0, -1)}z`),
    fc.uuid().map((id) => id.slice(0, -2)),
  ),
};

export const LOOSE_UUID: TextForm = {
  label: 'empty, upper-case, braced, urn: or unhyphenated UUID',
  examples: [NO_SUCH_UUID.toUpperCase()],
  arbitrary: fc.oneof(
    SHRINK_ACROSS,
    fc.constant(''),
    fc.tuple(fc.uuid(), fc.constantFrom('upper', 'braced', 'urn', 'bare')).map(([id, shape]) => {
      if (shape === 'upper') return id.toUpperCase();
      if (shape === 'braced') return `{${id}}`;
      if (shape === 'urn') return `urn:uuid:${id}`;
      return id.replaceAll('-', '');
    }),
  ),
};

/** A name no operation declares, for strict models. */
export function unknownName(declared: readonly string[]): fc.Arbitrary<string> {
  return fc.stringMatching(/^[a-z][a-z0-9_]{1,11}$/).filter((name) => !declared.includes(name));
}

/** The undeclared parameter or field sent first, and its value. */
export const UNKNOWN_NAME_EXAMPLE = { name: 'dify_unknown', value: 'dify-conformance' } as const;
