import { DAY, REFERENCE, tunisDate } from './calendar';
import type { TableSpec, Value } from './table';

// The demo data is generated on its own calendar (the week of 2026-09-01, CANONICAL_REFERENCE_DATE)
// and moved by whole weeks onto the week of the reference date, so that a demo seeded today has
// past and upcoming lessons, free slots, open groups and last week's reports. Whole weeks keep every
// weekday and every hour in Tunis (UTC+1 all year, no daylight saving since 2009), hence the
// timetable's guarantees (two-hour windows that never overlap). Dates inside French sentences
// (message bodies) are not moved.

/** The date the generator's calendar is built around: with it the data is the same as ever. */
export const CANONICAL_REFERENCE_DATE = tunisDate(REFERENCE);

const WEEK = 7 * DAY;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date or an ISO-8601 UTC instant inside a JSON document (recurrence end dates, event times). */
const ISO_IN_JSON = /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?/g;

export class ReferenceDateError extends Error {
  override name = 'ReferenceDateError';
}

/** A YYYY-MM-DD that is a real calendar date; otherwise a ReferenceDateError naming it. */
export function parseReferenceDate(value: string, source: string): string {
  if (!ISO_DATE.test(value) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new ReferenceDateError(`${source} must be a date as YYYY-MM-DD (got "${value}")`);
  }
  return value;
}

/** Today in Tunis, as YYYY-MM-DD. */
export function todayInTunis(now: number = Date.now()): string {
  return tunisDate(now);
}

function mondayOf(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY;
}

/** Whole weeks from the canonical week to the reference date's week (Monday to Monday). */
export function weeksToReference(referenceDate: string): number {
  return Math.round((mondayOf(referenceDate) - mondayOf(CANONICAL_REFERENCE_DATE)) / WEEK);
}

function shiftInstant(value: string, ms: number): string {
  return ISO_DATE.test(value)
    ? new Date(Date.parse(`${value}T00:00:00Z`) + ms).toISOString().slice(0, 10)
    : new Date(Date.parse(value) + ms).toISOString();
}

/**
 * The tables with every date and timestamp column (columnTypes: PostgreSQL's data_type per
 * "table.column") and the dates inside JSON columns moved by the given number of weeks.
 */
export function moveToReferenceWeek(specs: TableSpec[], columnTypes: ReadonlyMap<string, string>, weeks: number): TableSpec[] {
  if (weeks === 0) return specs;
  const ms = weeks * WEEK;
  return specs.map((spec) => {
    const movers = spec.columns.map((column): ((value: string) => string) | null => {
      const type = columnTypes.get(`${spec.table}.${column}`) ?? '';
      if (type === 'date' || type.startsWith('timestamp')) return (value) => shiftInstant(value, ms);
      if (type === 'jsonb' || type === 'json') return (value) => value.replace(ISO_IN_JSON, (found) => shiftInstant(found, ms));
      return null;
    });
    if (movers.every((mover) => mover === null)) return spec;
    return {
      ...spec,
      *rows() {
        for (const row of spec.rows()) {
          yield row.map((value: Value, index) => {
            const mover = movers[index];
            return mover && typeof value === 'string' ? mover(value) : value;
          });
        }
      },
    };
  });
}
