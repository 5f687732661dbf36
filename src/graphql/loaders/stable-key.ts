/**
 * The loader cache key of an argument value: a serialisation that is equal for equal values whatever
 * their key order, and different for different values (injective, checked as a property in
 * stable-key.test.ts). Every value is written with its type: `null` members are kept (a filter
 * `{ subject: null }` is not `{}`), a Date is not the string of its instant, -0 is not 0.
 * Members whose value is `undefined` are left out: to GraphQL an omitted member is an absent one.
 *
 * Grammar: null | true | false | u (undefined) | number (String(n), "-0") | bigint ("12n")
 *   | "json string" | D<epoch ms> | [item,...] | {"key":value,...} (keys sorted by code unit).
 */
export function stableKey(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      break;
    default:
      throw new TypeError(`stableKey: a ${typeof value} is not an argument value`);
  }
  if (value instanceof Date) return `D${value.getTime()}`;
  if (Array.isArray(value)) return `[${Array.from(value, stableKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableKey(item)}`).join(',')}}`;
}
