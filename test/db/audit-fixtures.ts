import { readFileSync } from 'node:fs';
import path from 'node:path';

// Readers for the audit's artefacts, copied into test/fixtures so the tests never read ../shared.
// Both parsers are strict: a line they do not understand is an error, never silently skipped,
// so a parsing slip cannot make a schema assertion pass vacuously.

export interface DbmlColumn {
  name: string;
  type: string;
  pk: boolean;
  notNull: boolean;
  unique: boolean;
}

export interface DbmlTable {
  name: string;
  columns: DbmlColumn[];
}

/** `Ref: from.column > to.column`: many `from` rows point at one `to` row. */
export interface DbmlRef {
  fromTable: string;
  fromColumn: string;
  toTable: string;
  toColumn: string;
}

export interface DbmlSchema {
  tables: DbmlTable[];
  refs: DbmlRef[];
}

const FIXTURES = path.resolve(__dirname, '../fixtures');

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

const SETTINGS = new Set(['pk', 'not null', 'unique']);

export function parseDbml(text: string): DbmlSchema {
  const tables: DbmlTable[] = [];
  const refs: DbmlRef[] = [];
  let current: DbmlTable | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const fail = (why: string): never => {
      throw new Error(`DBML line ${index + 1}: ${why}: ${raw}`);
    };
    if (line === '' || line.startsWith('//')) return;
    let match: RegExpMatchArray | null;
    if ((match = /^Table (\w+) \{$/.exec(line))) {
      if (current) fail('table inside a table');
      current = { name: match[1], columns: [] };
      tables.push(current);
    } else if (line === '}') {
      if (!current) fail('} outside a table');
      current = null;
    } else if ((match = /^Ref: (\w+)\.(\w+) > (\w+)\.(\w+)$/.exec(line))) {
      if (current) fail('Ref inside a table');
      refs.push({ fromTable: match[1], fromColumn: match[2], toTable: match[3], toColumn: match[4] });
    } else if ((match = /^(\w+) (\w+)(?: \[([^\]]*)\])?$/.exec(line))) {
      if (!current) fail('column outside a table');
      const settings = (match[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      settings.filter((s) => !SETTINGS.has(s)).forEach((s) => fail(`unknown setting "${s}"`));
      (current as DbmlTable).columns.push({
        name: match[1],
        type: match[2],
        pk: settings.includes('pk'),
        notNull: settings.includes('not null'),
        unique: settings.includes('unique'),
      });
    } else {
      fail('not understood');
    }
  });
  if (current) throw new Error(`DBML: table ${(current as DbmlTable).name} is not closed`);
  return { tables, refs };
}

export interface RecommendedIndex {
  name: string;
  table: string;
  column: string;
}

/** The audit's `CREATE INDEX name ON table(column);` lines. */
export function parseRecommendedIndexes(text: string): RecommendedIndex[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('--'))
    .map((line) => {
      const match = /^CREATE INDEX (\w+) ON (\w+)\((\w+)\);$/.exec(line);
      if (!match) throw new Error(`not a single-column CREATE INDEX: ${line}`);
      return { name: match[1], table: match[2], column: match[3] };
    });
}
