import { compareWithApi } from './postgraphile-run';

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
