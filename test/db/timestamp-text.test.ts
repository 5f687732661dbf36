import { types } from 'pg';
import { timestampText } from '../../src/db/timestamp-text';

const parseDate = types.getTypeParser(types.builtins.TIMESTAMPTZ, 'text');

// The read path's timestamptz values are ISO strings, exactly what `toISOString` of pg's own `Date`
// gives (the DateTime output the API has always sent). SqlClient's use of it, in any session time
// zone: test/db/sql-client.test.ts.

describe('timestampText', () => {
  it('writes what toISOString of pg’s Date (postgres-date) writes, for every fraction of 1 to 3 digits and every 7th of 6', () => {
    const mismatches: string[] = [];
    const fractions = [...Array.from({ length: 1000 }, (_, ms) => ms * 1000), ...Array.from({ length: 142_858 }, (_, index) => index * 7)];
    for (const microseconds of fractions) {
      const fraction = String(microseconds).padStart(6, '0').replace(/0+$/, '');
      const text = `2026-11-25 04:54:07${fraction === '' ? '' : `.${fraction}`}+00`;
      if (timestampText(text) !== (parseDate(text) as Date).toISOString()) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    ['2026-03-29 03:30:00+02', '2026-03-29T01:30:00.000Z'],
    ['2026-11-25 10:24:07.5+05:30', '2026-11-25T04:54:07.500Z'],
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31 23:59:59.999999+00', '9999-12-31T23:59:59.999Z'],
    ['10000-01-01 00:00:00+00', '+010000-01-01T00:00:00.000Z'],
    ['0044-03-15 12:00:00+00 BC', '-000043-03-15T12:00:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(timestampText(text)).toBe(iso);
    expect(timestampText(text)).toBe((parseDate(text) as Date).toISOString());
  });
});
