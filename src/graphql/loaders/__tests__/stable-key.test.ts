import fc from 'fast-check';
import { stableKey } from '../stable-key';

// The loader cache key must be injective: two different argument values sharing a key would make
// one field answer with the other's rows. Argument values are what GraphQL coerces inputs to:
// null, booleans, numbers, strings (any Unicode), Dates (DateTime and Date scalars), lists and
// input objects, nested; JSON scalars carry the same shapes.

const argumentValue = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(), // with -0, NaN and the infinities
    fc.string({ unit: 'binary', maxLength: 6 }),
    fc.constantFrom('null', 'true', '"a"', 'D0', '-0', '{}', '[]', ':', ','), // strings that look like encodings
    fc.date(),
  ),
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('subject', 'a', '"a"')), tie('value'), { maxKeys: 3 }),
})).value;

/**
 * Equality of argument values, the oracle of the properties: structural, whatever the key order or
 * the prototype (graphql-js builds literal input objects with a null prototype), numbers by
 * Object.is, Dates by instant; a member whose value is undefined is an absent member.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const entries = (value: object) => Object.entries(value).filter(([, item]) => item !== undefined);
    const left = entries(a);
    const right = new Map(entries(b));
    return left.length === right.size && left.every(([key, item]) => right.has(key) && sameValue(item, right.get(key)));
  }
  return Object.is(a, b);
}

/** The same value with every object's keys in another order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reorder(item)]));
  }
  return value;
}

describe('stableKey', () => {
  it('gives distinct values distinct keys (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(argumentValue, { comparator: sameValue, minLength: 2, maxLength: 12 }), (values) => {
        const keys = values.map(stableKey);
        expect(new Set(keys).size).toBe(values.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives two different values different keys, for pairs built to be close (property)', () => {
    // A value next to a copy of itself with one member added, removed or changed: the likeliest collisions.
    const pair = fc.tuple(fc.dictionary(fc.string({ maxLength: 3 }), argumentValue, { maxKeys: 3 }), fc.string({ maxLength: 3 }), argumentValue);
    fc.assert(
      fc.property(pair, ([object, key, extra]) => {
        const changed = { ...object, [key]: extra };
        fc.pre(!sameValue(object, changed));
        expect(stableKey(changed)).not.toBe(stableKey(object));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives equal values the same key whatever the order of their members (property)', () => {
    fc.assert(
      fc.property(argumentValue, (value) => {
        expect(stableKey(reorder(value))).toBe(stableKey(value));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['a member whose value is null is not an absent member (issue 10, item 3)', { contains: {} }, { contains: { subject: null } }],
    ['null is not the string "null"', { eq: null }, { eq: 'null' }],
    ['a Date is not the string of its instant', [new Date(0)], [new Date(0).toISOString()]],
    ['-0 is not 0', { eq: -0 }, { eq: 0 }],
    ['NaN is not null', [Number.NaN], [null]],
    ['a list with a null is not a shorter list', { in: [1, null] }, { in: [1] }],
  ])('%s', (_label, a, b) => {
    expect(stableKey(a)).not.toBe(stableKey(b));
  });

  it('treats a member whose value is undefined as absent, as GraphQL does for an omitted one', () => {
    expect(stableKey({ a: 1, b: undefined })).toBe(stableKey({ a: 1 }));
  });
});
