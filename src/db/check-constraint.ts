// CHECK constraint expressions derived from the TypeScript enums, so the database and the
// GraphQL enums can never list different values.

export function enumCheck(column: string, values: Record<string, string>, nullable = true): string {
  const list = Object.values(values)
    .map((value) => `'${value}'`)
    .join(', ');
  return nullable ? `"${column}" IS NULL OR "${column}" IN (${list})` : `"${column}" IN (${list})`;
}
