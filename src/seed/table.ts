import { createHash } from 'node:crypto';

/** A column value as COPY sends it: text, a number, a boolean or NULL (JSON arrives as its text). */
export type Value = string | number | boolean | null;

/** One table of the seed: its columns, how many rows it gets, and a generator of those rows. */
export interface TableSpec {
  readonly table: string;
  readonly columns: readonly string[];
  /** Exact number of rows rows() yields (checked while loading). */
  readonly count: number;
  rows(): Iterable<Value[]>;
}

export function json(value: unknown): string {
  return JSON.stringify(value);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
