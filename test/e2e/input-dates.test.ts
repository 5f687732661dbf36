import { getNamedType, isInputObjectType, isObjectType, type GraphQLSchema } from 'graphql';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { dataOf } from './support/read-api';
import { describePosition, introspectSchema, requestAt, schemaInputPositions, type InputPosition } from './support/schema-inputs';

// Issue 10, item 5: every Date and DateTime input, in filters, arguments and mutation inputs, refuses
// what PostgreSQL cannot store (year 0000, and anything outside years 0001-9999 in UTC) with
// BAD_USER_INPUT, written as a variable or in the query text; the limits themselves are accepted,
// and give the values SQL gives.

const DATE_SCALARS = ['Date', 'DateTime'] as const;
type DateScalarName = (typeof DATE_SCALARS)[number];

const OUT_OF_RANGE: Record<DateScalarName, string[]> = {
  Date: ['0000-01-01', '0000-12-31', '0000-01-03'],
  DateTime: ['0000-06-15T12:00:00Z', '0001-01-01T00:30:00+01:00', '9999-12-31T23:30:00-01:00'], // the last two: years 0 and 10000 in UTC
};
const LIMITS: Record<DateScalarName, string[]> = {
  Date: ['0001-01-01', '9999-12-31'],
  DateTime: ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'],
};

function isDateScalar(name: string): name is DateScalarName {
  return (DATE_SCALARS as readonly string[]).includes(name);
}

/** Where the schema declares a Date or DateTime input: input fields and field arguments, read from the types. */
function declaredDateInputs(schema: GraphQLSchema): string[] {
  const owners: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (isDateScalar(getNamedType(field.type).name)) owners.push(`${type.name}.${field.name}`);
    }
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args) if (isDateScalar(getNamedType(argument.type).name)) owners.push(`${type.name}.${field.name}(${argument.name})`);
      }
    }
  }
  return owners.sort();
}

describe('Date and DateTime inputs PostgreSQL cannot store', () => {
  let app: TestApp;
  let positions: Array<InputPosition & { scalar: DateScalarName }>;
  beforeAll(async () => {
    app = await startTestApp();
    positions = schemaInputPositions(await introspectSchema(app)).filter((position): position is InputPosition & { scalar: DateScalarName } => isDateScalar(position.scalar));
  });
  afterAll(async () => {
    await app.close();
  });

  it('the walk finds every Date and DateTime input of the schema', async () => {
    const declared = declaredDateInputs(await introspectSchema(app));
    expect(declared.length).toBeGreaterThanOrEqual(21); // DateFilter, DateTimeFilter and five mutation input fields at least
    expect([...new Set(positions.map((position) => position.owner))].sort()).toEqual(declared);
  });

  it('refuses out-of-range values everywhere with BAD_USER_INPUT, as a variable and in the query text', async () => {
    const wrong: string[] = [];
    for (const position of positions) {
      for (const value of OUT_OF_RANGE[position.scalar]) {
        for (const form of ['variables', 'literal'] as const) {
          const { query, variables } = requestAt(position, value, form);
          const response = await app.graphql(query, variables);
          const codes = (response.errors ?? []).map((error) => error.extensions?.code);
          const named = (response.errors ?? []).some((error) => /years 0001 to 9999/.test(error.message));
          if (codes.length === 0 || codes.some((code) => code !== 'BAD_USER_INPUT') || !named || response.data) {
            wrong.push(`${describePosition(position)} ${form} ${value}: ${JSON.stringify(response.errors ?? response.data)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('accepts the limits everywhere (never BAD_USER_INPUT for the date, never an internal error)', async () => {
    const wrong: string[] = [];
    for (const position of positions) {
      for (const value of LIMITS[position.scalar]) {
        const { query, variables } = requestAt(position, value, 'variables');
        const response = await app.graphql(query, variables);
        const bad = (response.errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR' || /years 0001 to 9999|RFC 3339/.test(error.message));
        if (bad.length > 0) wrong.push(`${describePosition(position)} ${value}: ${JSON.stringify(bad)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  describe('the inputs of the issue, and the values the limits give', () => {
    function expectDateRefused(response: GraphQLResponse): void {
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/years 0001 to 9999/);
    }

    async function count(sql: string): Promise<number> {
      return Number(((await app.dataSource.query(sql)) as Array<{ count: string }>)[0].count);
    }

    it('studentObjectives(filter: { targetDate: { gte: "0000-01-01" } })', async () => {
      expectDateRefused(await app.graphql('{ studentObjectives(filter: { targetDate: { gte: "0000-01-01" } }) { totalCount } }'));
      expectDateRefused(await app.graphql('query ($d: Date) { studentObjectives(filter: { targetDate: { gte: $d } }) { totalCount } }', { d: '0000-01-01' }));
    });

    it('sendWeeklyReport with week 0000-01-03', async () => {
      const before = await count('SELECT count(*) FROM weekly_reports');
      expectDateRefused(
        await app.graphql('mutation { sendWeeklyReport(input: { studentId: "1", weekStartDate: "0000-01-03" }) { id } }'),
      );
      expect(await count('SELECT count(*) FROM weekly_reports')).toBe(before);
    });

    it.each([
      ['studentObjectives', 'targetDate', { gte: '0001-01-01' }, 'target_date >= $1', '0001-01-01', 'student_objectives'],
      ['studentObjectives', 'targetDate', { lte: '9999-12-31' }, 'target_date <= $1', '9999-12-31', 'student_objectives'],
      ['bookings', 'startTime', { lt: '9999-12-31T23:59:59.999Z' }, 'start_time < $1', '9999-12-31T23:59:59.999Z', 'bookings'],
      ['bookings', 'startTime', { gte: '0001-01-01T00:00:00Z' }, 'start_time >= $1', '0001-01-01T00:00:00Z', 'bookings'],
    ])('%s(filter: { %s: %j }) counts what SQL counts', async (list, name, operator, where, value, table) => {
      const expected = Number(((await app.dataSource.query(`SELECT count(*) AS count FROM ${table} WHERE ${where}`, [value])) as Array<{ count: string }>)[0].count);
      expect(expected).toBeGreaterThan(0);
      const literal = Object.entries(operator).map(([key, date]) => `${key}: "${date}"`).join(', ');
      const response = await app.graphql<Record<string, { totalCount: number }>>(`{ ${list}(filter: { ${name}: { ${literal} } }) { totalCount } }`);
      expect(dataOf(response)[list].totalCount).toBe(expected);
    });

    it('createObjective stores and returns the last date, 9999-12-31, and refuses 0000-12-31', async () => {
      const [{ id: studentId }] = (await app.dataSource.query('SELECT id FROM students ORDER BY id LIMIT 1')) as Array<{ id: number }>;
      const create = 'mutation ($input: CreateObjectiveInput!) { createObjective(input: $input) { id targetDate } }';
      const input = { studentId: String(studentId), subject: 'Mathématiques', objectiveText: 'Un objectif lointain' };
      const created = dataOf(await app.graphql<{ createObjective: { id: string; targetDate: string } }>(create, { input: { ...input, targetDate: '9999-12-31' } }));
      expect(created.createObjective.targetDate).toBe('9999-12-31');
      const [stored] = (await app.dataSource.query('SELECT target_date::text AS d FROM student_objectives WHERE id = $1', [Number(created.createObjective.id)])) as Array<{ d: string }>;
      expect(stored.d).toBe('9999-12-31');
      const before = await count('SELECT count(*) FROM student_objectives');
      expectDateRefused(await app.graphql(create, { input: { ...input, targetDate: '0000-12-31' } }));
      expect(await count('SELECT count(*) FROM student_objectives')).toBe(before);
    });
  });
});
