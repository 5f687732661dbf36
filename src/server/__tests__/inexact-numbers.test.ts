import { exactNumber } from '../../graphql/scalars/json-number';
import { findInexactNumbers } from '../inexact-numbers';

// The scan of a JSON text for numbers a double would change: it must find exactly the inexact
// numbers, at their paths, whatever surrounds them (strings with quotes, braces and digits,
// escaped keys, nested arrays and empty containers).

const EXACT = ['0', '-0', '1.0', '1e2', '0.1', '0.30000000000000004', '9007199254740991', '-9007199254740991', '5e-324', '123.456', '2.5E-7', '1234567890.12345'];
const INEXACT = ['12345678901234567890', '1e400', '-1e400', '1e-400', '9007199254740993', '-9007199254740992', '0.1000000000000000000001', '1e300', '1.7976931348623157e308'];
const STRINGS = ['"plain"', '"with \\"quotes\\" and {braces} [1e400]"', '"12345678901234567890"', '"\\\\"', '""'];
const KEYS = ['id', 'k\\"ey', 'a b', '1e400', ''];

/** A deterministic pseudo-random generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A JSON text and the paths of the inexact numbers written into it. */
function build(next: () => number, depth: number, path: Array<string | number>, inexact: Array<{ path: Array<string | number>; text: string }>): string {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const roll = next();
  if (depth > 0 && roll < 0.3) {
    const size = Math.floor(next() * 4);
    const keys = [...new Set(Array.from({ length: size }, () => pick(KEYS)))];
    return `{${keys.map((key) => `"${key}": ${build(next, depth - 1, [...path, JSON.parse(`"${key}"`) as string], inexact)}`).join(', ')}}`;
  }
  if (depth > 0 && roll < 0.55) {
    const size = Math.floor(next() * 4);
    return `[${Array.from({ length: size }, (_unused, index) => build(next, depth - 1, [...path, index], inexact)).join(',')}]`;
  }
  if (roll < 0.7) return pick(STRINGS);
  if (roll < 0.85) return pick(EXACT);
  const text = pick(INEXACT);
  inexact.push({ path, text });
  return text;
}

describe('findInexactNumbers', () => {
  it('the two lists agree with exactNumber', () => {
    expect(EXACT.map((text) => exactNumber(text) !== undefined)).toEqual(EXACT.map(() => true));
    expect(INEXACT.map((text) => exactNumber(text))).toEqual(INEXACT.map(() => undefined));
  });

  it('finds exactly the inexact numbers and their paths in 2000 random documents', () => {
    const next = random(20261130);
    for (let run = 0; run < 2000; run++) {
      const expected: Array<{ path: Array<string | number>; text: string }> = [];
      const text = build(next, 4, [], expected);
      expect(() => JSON.parse(text)).not.toThrow();
      expect({ text, found: findInexactNumbers(text) }).toEqual({ text, found: expected });
    }
  });
});
