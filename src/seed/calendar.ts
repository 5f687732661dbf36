// Time in the demo data. Nothing reads the clock: every instant derives from REFERENCE, so the
// same scale always gives the same rows. Lessons follow a weekly timetable in Tunis time
// (UTC+1 all year, no daylight saving since 2009), in two-hour windows that never overlap:
// one-to-one bookings on weekday evenings and Saturday mornings, group sessions on Wednesday and
// weekend afternoons, individual sessions on Sunday afternoons. A person can therefore never be
// in two lessons at once, whatever kind they are.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "Now" for the demo data: the first day of the 2026-2027 school year. */
export const REFERENCE = Date.UTC(2026, 8, 1); // 2026-09-01T00:00:00Z, a Tuesday

/** Monday of week 0 of the timetable (00:00 in Tunis): summer courses start there. */
const WEEK_ZERO = Date.UTC(2026, 5, 29) - HOUR; // Monday 2026-06-29 00:00 Africa/Tunis

const TUNIS_OFFSET = HOUR;

/** [day of week (0 = Monday), hour in Tunis] of each window: all windows last two hours. */
const BOOKING_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [0, 17], [0, 19], [1, 17], [1, 19], [2, 17], [2, 19], [3, 17], [3, 19], [4, 17], [4, 19], [5, 9], [5, 11],
];
export const GROUP_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [2, 14], [5, 14], [5, 16], [6, 10],
];
const INDIVIDUAL_WINDOWS: ReadonlyArray<readonly [number, number]> = [
  [6, 14], [6, 16],
];
export const WINDOW_MINUTES = 120;

/** First week of group sessions and of individual sessions. */
const GROUP_FIRST_WEEK = 6;
const INDIVIDUAL_FIRST_WEEK = 7;

export const WEEKDAYS_FR = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
export const WEEKDAYS_EN = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

function at(week: number, window: readonly [number, number]): number {
  return WEEK_ZERO + (week * 7 + window[0]) * DAY + window[1] * HOUR;
}

/** Start of the k-th booking window (12 per week, from week 0). */
export function bookingWindow(k: number): number {
  return at(Math.floor(k / BOOKING_WINDOWS.length), BOOKING_WINDOWS[k % BOOKING_WINDOWS.length]);
}

export function bookingWindowDay(k: number): readonly [number, number] {
  return BOOKING_WINDOWS[k % BOOKING_WINDOWS.length];
}

/** Start of the session-th weekly meeting of a group meeting in window w (0-3). */
export function groupSessionTime(w: number, session: number): number {
  return at(GROUP_FIRST_WEEK + session, GROUP_WINDOWS[w]);
}

/** Start of the i-th individual-session window (2 per week). */
export function individualWindow(i: number): number {
  return at(INDIVIDUAL_FIRST_WEEK + Math.floor(i / INDIVIDUAL_WINDOWS.length), INDIVIDUAL_WINDOWS[i % INDIVIDUAL_WINDOWS.length]);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The calendar day in Tunis of an instant, as YYYY-MM-DD. */
export function tunisDate(ms: number): string {
  return new Date(ms + TUNIS_OFFSET).toISOString().slice(0, 10);
}

/** HH:MM in Tunis. */
export function tunisClock(ms: number): string {
  return new Date(ms + TUNIS_OFFSET).toISOString().slice(11, 16);
}

/** A date as text in French: "samedi 12 septembre 2026". */
export function frenchDate(ms: number): string {
  const local = new Date(ms + TUNIS_OFFSET);
  const months = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
  const weekday = WEEKDAYS_FR[(local.getUTCDay() + 6) % 7];
  return `${weekday} ${local.getUTCDate()} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
