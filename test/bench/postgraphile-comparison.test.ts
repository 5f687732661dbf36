import { compareWithApi, roundDecimal } from './postgraphile-run';
import { postgraphileBody } from './postgraphile-queries';
import { benchQueries } from './queries';

// The bench's same-data check between the API and PostGraphile (test/bench/postgraphile-run.ts):
// equal values in PostGraphile's forms pass, any other value fails, and only the to-one fields
// listed as hidden by the API's policies are left out, only where the API answers null.

const API_BOOKING = { id: '114', startTime: '2026-09-02T18:15:00.000Z', status: 'CONFIRMED', score: 12.5, student: { id: '379', fullName: 'Maxime Haddad' } };
const POSTGRAPHILE_BOOKING = { id: 114, startTime: '2026-09-02T19:15:00+01:00', status: 'confirmed', score: 12.5, student: { id: 379, fullName: 'Maxime Haddad' } };

describe('compareWithApi (the bench: API vs PostGraphile)', () => {
  it('accepts the same values under PostGraphile forms: numeric ids, offset timestamps, lower-case enums', () => {
    expect(compareWithApi('h', { bookings: { nodes: [API_BOOKING] } }, { bookings: { nodes: [POSTGRAPHILE_BOOKING] } })).toEqual({ same: true, masked: 0 });
  });

  it('refuses another id, another instant, another status or another text', () => {
    const changes: Array<Partial<typeof POSTGRAPHILE_BOOKING>> = [
      { id: 115 },
      { startTime: '2026-09-02T18:15:00+01:00' },
      { status: 'pending' },
      { student: { id: 379, fullName: 'Maxime H.' } },
    ];
    for (const change of changes) {
      expect(compareWithApi('h', { bookings: { nodes: [API_BOOKING] } }, { bookings: { nodes: [{ ...POSTGRAPHILE_BOOKING, ...change }] } }).same).toBe(false);
    }
  });

  it('refuses a missing or an extra row', () => {
    expect(compareWithApi('h', { bookings: { nodes: [API_BOOKING] } }, { bookings: { nodes: [] } }).same).toBe(false);
    expect(compareWithApi('h', { bookings: { nodes: [API_BOOKING] } }, { bookings: { nodes: [POSTGRAPHILE_BOOKING, POSTGRAPHILE_BOOKING] } }).same).toBe(false);
  });

  it('leaves out a student the API hides on screen a (teaching relationship), and counts it', () => {
    const api = { nodes: [{ ...API_BOOKING, student: null }] };
    expect(compareWithApi('a', api, { nodes: [POSTGRAPHILE_BOOKING] })).toEqual({ same: true, masked: 1 });
  });

  it('does not leave it out on another screen, nor where the API returns the student', () => {
    expect(compareWithApi('h', { nodes: [{ ...API_BOOKING, student: null }] }, { nodes: [POSTGRAPHILE_BOOKING] }).same).toBe(false);
    const otherStudent = { ...POSTGRAPHILE_BOOKING, student: { id: 380, fullName: 'Maxime Haddad' } };
    expect(compareWithApi('a', { nodes: [API_BOOKING] }, { nodes: [otherStudent] })).toEqual({ same: false, masked: 0 });
  });

  it('refuses an object the API has where PostGraphile answers null, even for a hidden field', () => {
    expect(compareWithApi('a', { nodes: [API_BOOKING] }, { nodes: [{ ...POSTGRAPHILE_BOOKING, student: null }] }).same).toBe(false);
  });
});

describe('screen ag: pg-aggregates answers in the API shape', () => {
  const api = {
    bookings: {
      aggregates: { count: 12, distinctCount: { studentId: 7 } },
      groupedAggregates: [
        { keys: ['2026-08-01T00:00:00.000Z'], count: 5, sum: { durationMinutes: 300 } },
        { keys: ['2026-09-01T00:00:00.000Z'], count: 7, sum: { durationMinutes: 420 } },
      ],
    },
    teachers: { nodes: [{ id: '3', lastName: 'Jaziri', bookings: { groupedAggregates: [{ keys: ['CONFIRMED'], count: 2 }, { keys: ['PENDING'], count: 1 }] } }] },
    formulas: { groupedAggregates: [{ keys: ['GROUP'], count: 2, avg: { priceDt: '123.457' } }] },
  };
  const postgraphile = (septemberMinutes: string, average: string): unknown => ({
    bookings: {
      totalCount: 12,
      aggregates: { distinctCount: { studentId: '7' } },
      groupedAggregates: [
        { keys: ['2026-09-01 00:00:00+00'], distinctCount: { rowId: '7' }, sum: { durationMinutes: septemberMinutes } },
        { keys: ['2026-08-01 02:00:00+02'], distinctCount: { rowId: '5' }, sum: { durationMinutes: '300' } },
      ],
    },
    teachers: { nodes: [{ id: 3, lastName: 'Jaziri', bookings: { groupedAggregates: [{ keys: ['pending'], distinctCount: { rowId: '1' } }, { keys: ['confirmed'], distinctCount: { rowId: '2' } }] } }] },
    formulas: { groupedAggregates: [{ keys: ['group'], distinctCount: { rowId: '2' }, average: { priceDt: average } }] },
  });

  it('accepts the same figures: totalCount as count, distinct primary keys as group count, PostgreSQL timestamps, any group order', () => {
    expect(compareWithApi('ag', api, postgraphile('420', '123.4565000000000000')).same).toBe(true);
  });

  it('refuses another sum or another average', () => {
    expect(compareWithApi('ag', api, postgraphile('421', '123.4565000000000000')).same).toBe(false);
    expect(compareWithApi('ag', api, postgraphile('420', '123.4564999999999999')).same).toBe(false);
  });

  it('rounds decimals half away from zero, exactly', () => {
    expect(['0.0005', '-0.0005', '2.5', '-1.23449', '10', '0.0004'].map((text) => roundDecimal(text, 3))).toEqual(['0.001', '-0.001', '2.500', '-1.234', '10.000', '0.000']);
  });
});

describe('postgraphileBody (the screens PostGraphile runs)', () => {
  const viewers = { admin: 1, teacher: 2, parent: 3, student: 4 };

  it('has a document for every screen of the suite, ag and rf included', () => {
    for (const query of benchQueries()) expect(postgraphileBody(query, viewers, null)?.query).toContain(`query ${query.operationName}`);
  });

  it('answers null, not an error, for a screen its plugins cannot express (the bench reports "n/a: no plugin")', () => {
    const [screen] = benchQueries();
    expect(postgraphileBody({ ...screen, id: 'zz' }, viewers, null)).toBeNull();
  });
});
