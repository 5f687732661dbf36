import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TableSpec, Value } from './table';

// Bulk loading with COPY ... FROM STDIN in PostgreSQL's text format: rows are generated lazily,
// encoded into chunks of about CHUNK_CHARS characters and streamed with backpressure, so
// memory stays flat whatever the number of rows, and Node generates the next chunk while
// PostgreSQL stores the previous one.

const CHUNK_CHARS = 256 * 1024;

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function encode(value: Value): string {
  if (value === null) return '\\N';
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (char) => ESCAPES[char]) : value;
    case 'boolean':
      return value ? 't' : 'f';
    default:
      if (!Number.isFinite(value)) throw new RangeError(`cannot store ${value}`);
      return String(value);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function* encodedChunks(spec: TableSpec, onRows: (rows: number) => void): Generator<string> {
  const width = spec.columns.length;
  let chunk = '';
  let rows = 0;
  for (const row of spec.rows()) {
    if (row.length !== width) throw new Error(`seed: a ${spec.table} row has ${row.length} values for ${width} columns`);
    let line = encode(row[0]);
    for (let i = 1; i < width; i += 1) line += `\t${encode(row[i])}`;
    chunk += `${line}\n`;
    rows += 1;
    if (chunk.length >= CHUNK_CHARS) {
      onRows(rows);
      rows = 0;
      yield chunk;
      chunk = '';
    }
  }
  if (rows > 0) {
    onRows(rows);
    yield chunk;
  }
}

/**
 * Streams the rows of one table into PostgreSQL with COPY; returns the number of rows stored.
 * FREEZE: the table was truncated in this transaction, so the rows are written already frozen
 * (no later rewrite by VACUUM to set hint bits).
 */
export async function copyTable(client: ClientBase, spec: TableSpec, onRows: (rows: number) => void): Promise<number> {
  const columns = spec.columns.map(quoteIdentifier).join(', ');
  const stream = client.query(copyFrom(`COPY ${quoteIdentifier(spec.table)} (${columns}) FROM STDIN WITH (FORMAT text, FREEZE true)`));
  await pipeline(Readable.from(encodedChunks(spec, onRows), { objectMode: false, highWaterMark: 2 * CHUNK_CHARS }), stream);
  return stream.rowCount;
}
