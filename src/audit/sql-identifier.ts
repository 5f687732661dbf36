// Identifiers in the fix SQL are written bare, as in the seed's report (`CREATE INDEX
// idx_users_status ON users(status);`), and double-quoted only when PostgreSQL needs it.

const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column ' +
    'concurrently constraint create cross current_catalog current_date current_role current_schema current_time ' +
    'current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign freeze from ' +
    'full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit ' +
    'localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references ' +
    'returning right select session_user similar some symmetric system_user table tablesample then to trailing true union ' +
    'unique user using variadic verbose when where window with'
  ).split(' '),
);

export function sqlIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A table name, possibly schema-qualified (`audit.events`). */
export function sqlTableName(name: string): string {
  return name.split('.').map(sqlIdentifier).join('.');
}

export function sqlColumnList(columns: readonly string[]): string {
  return columns.map(sqlIdentifier).join(', ');
}
