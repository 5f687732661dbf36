// The rule for numbers inside JSON values: a number is accepted only if it survives the trip
// through the IEEE 754 double every JavaScript client (and this server) parses it into, so that
// what a client sends is exactly what is stored in jsonb, returned, and found again by `contains`.
// RFC 8259 §6 warns that numbers beyond a double's precision are not interoperable; RFC 7493
// (I-JSON) §2.2 limits exact integers to ±(2^53 − 1). Refused numbers should be sent as strings.

export const JSON_NUMBER_RULE =
  'JSON numbers must survive an IEEE 754 double unchanged: finite, integers within ±9007199254740991 (RFC 7493 §2.2), ' +
  'and no more digits than the double keeps (0.1 is fine, 0.10000000000000000001 is not); send other values as strings';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** "12.50e1" → "125e0": significant digits without leading or trailing zeros, and the exponent. */
function canonicalDecimal(text: string): string | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, integerPart, fraction = '', exponentText = '0'] = match;
  let digits = (integerPart + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = Number(exponentText) - fraction.length;
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  return `${sign}${digits}e${exponent}`;
}

/**
 * The double a JSON or GraphQL number literal denotes, when it denotes exactly what its text says
 * (up to notation: 1.0, 1e0 and 1 are the same number); undefined when a double would change it.
 */
export function exactNumber(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return undefined;
  // What JavaScript clients send: the shortest round-trip form itself.
  if (String(value) === text) return value;
  const canonical = canonicalDecimal(text);
  if (canonical === null || canonical !== canonicalDecimal(String(value))) return undefined;
  return value === 0 ? 0 : value; // -0 is 0 in JSON and in PostgreSQL numeric
}

/** Whether a number already parsed (a variable, a value in memory) is one exactNumber accepts. */
export function isExactDouble(value: number): boolean {
  return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
}

/** "interests.id", "topics[2]": the path of a value inside a JSON value, for error messages. */
export function jsonPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
