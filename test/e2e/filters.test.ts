import type { ModelDefinition, ScalarField, ScalarKind } from '../../src/graphql/model-registry';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, enumName, field, graphqlValue, model, quote, rootPages, sqlIds, walkForward } from './support/read-api';

// Filters over HTTP: every operator on every kind of field, and and / or / not, each compared with
// the ids SQL returns for the equivalent WHERE on the same database. Operands are read from the
// data (a median value, a few distinct values), never hard-coded.

type Operator = 'eq' | 'ne' | 'in' | 'notIn' | 'lt' | 'lte' | 'gt' | 'gte' | 'isNull' | 'contains' | 'startsWith';

const EQUALITY: Operator[] = ['eq', 'ne', 'in', 'notIn', 'isNull'];
const COMPARISON: Operator[] = [...EQUALITY, 'lt', 'lte', 'gt', 'gte'];

/** The operators the contract gives each kind of field. */
const CONTRACT_OPERATORS: Record<string, Operator[]> = {
  IDFilter: COMPARISON,
  IntFilter: COMPARISON,
  FloatFilter: COMPARISON,
  DecimalFilter: COMPARISON,
  DateTimeFilter: COMPARISON,
  DateFilter: COMPARISON,
  StringFilter: [...COMPARISON, 'contains', 'startsWith'],
  BooleanFilter: ['eq', 'ne', 'isNull'],
  BookingStatusFilter: EQUALITY,
  JSONFilter: ['isNull', 'contains'],
};

/**
 * Fields under test, per kind: non-null and nullable columns (with NULLs in the seed) of several
 * models; mostly tables of a few hundred rows, plus bookings (10,000 rows at scale 1).
 */
const FIELDS: Array<[ScalarKind, string, string]> = [
  ['id', 'Enrollment', 'id'],
  ['id', 'Enrollment', 'studentId'],
  ['id', 'Enrollment', 'groupId'],
  ['id', 'IndividualSession', 'locationId'],
  ['int', 'ARIAInteraction', 'feedbackRating'],
  ['int', 'Formula', 'hoursPerMonth'],
  ['int', 'Location', 'capacity'],
  ['float', 'Assessment', 'score'],
  ['float', 'ARIAInteraction', 'confidenceScore'],
  ['float', 'TeacherProfile', 'rating'],
  ['decimal', 'Formula', 'priceDt'],
  ['decimal', 'TeacherProfile', 'hourlyRateOnline'],
  ['datetime', 'Booking', 'startTime'],
  ['datetime', 'IndividualSession', 'scheduledAt'],
  ['datetime', 'LearningSession', 'completedAt'],
  ['datetime', 'User', 'lastLogin'],
  ['date', 'StudentObjective', 'targetDate'],
  ['date', 'StudentObjective', 'achievementDate'],
  ['date', 'Enrollment', 'endDate'],
  ['date', 'WeeklyReport', 'weekStartDate'],
  ['string', 'User', 'lastName'],
  ['string', 'User', 'email'],
  ['string', 'GroupSession', 'subject'],
  ['string', 'ARIAInteraction', 'userInput'],
  ['string', 'GroupSession', 'homeworkAssigned'],
  ['boolean', 'Formula', 'supportsOnline'],
  ['boolean', 'SessionAttendance', 'isPresent'],
  ['boolean', 'Assessment', 'isCompleted'],
  ['boolean', 'Availability', 'isForInPerson'],
  ['enum', 'IndividualSession', 'format'],
  ['enum', 'GroupSession', 'status'],
  ['enum', 'User', 'role'],
  ['enum', 'User', 'status'],
  ['json', 'Formula', 'features'],
  ['json', 'User', 'preferences'],
  ['json', 'Student', 'preferredSubjects'],
  ['json', 'IndividualSession', 'topicsCovered'],
];

/** Operators compared with a value read from the data (isNull has its own cases). */
const VALUE_OPERATORS: Operator[] = ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte'];
const OPERATORS: Record<ScalarKind, Operator[]> = {
  id: VALUE_OPERATORS,
  int: VALUE_OPERATORS,
  float: VALUE_OPERATORS,
  decimal: VALUE_OPERATORS,
  datetime: VALUE_OPERATORS,
  date: VALUE_OPERATORS,
  string: VALUE_OPERATORS,
  boolean: ['eq', 'ne'],
  enum: ['eq', 'ne', 'in', 'notIn'],
  json: [],
};

// ne is the complement of eq: rows whose field is null match it (README, Filters).
const SQL_COMPARATORS: Partial<Record<Operator, string>> = { eq: '=', ne: 'IS DISTINCT FROM', lt: '<', lte: '<=', gt: '>', gte: '>=' };

interface Filtered {
  ids: string[];
  totalCount: number;
}

describe('filters', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    // The seed leaves no enum column NULL: give a few accounts (not the signed-in admin) no status.
    await app.dataSource.query(`UPDATE users SET status = NULL WHERE id IN (SELECT id FROM users WHERE role = 'student' ORDER BY id DESC LIMIT 3)`);
  });
  afterAll(async () => {
    await app.close();
  });

  async function filtered(definition: ModelDefinition, filter: Record<string, unknown>): Promise<Filtered> {
    const pages = await walkForward(rootPages(app, definition, { filter }), 100);
    return { ids: pages.flatMap((page) => page.ids), totalCount: pages[0].totalCount };
  }

  /** Asserts that the API's rows for `filter` are those of `SELECT id ... WHERE where`; returns them. */
  async function expectSameRows(definition: ModelDefinition, filter: Record<string, unknown>, where: string, params: unknown[] = []): Promise<string[]> {
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} c WHERE ${where} ORDER BY id`, params);
    const actual = await filtered(definition, filter);
    expect(actual.ids).toEqual(expected);
    expect(actual.totalCount).toBe(expected.length);
    return expected;
  }

  /** The stored value in the middle of the column's non-null values. */
  async function median(definition: ModelDefinition, scalar: ScalarField): Promise<unknown> {
    const column = quote(scalar.column);
    const table = quote(definition.table);
    const rows = (await app.dataSource.query(
      `SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY ${column} OFFSET (SELECT count(${column}) / 2 FROM ${table}) LIMIT 1`,
    )) as Array<{ v: unknown }>;
    expect(rows).toHaveLength(1);
    return rows[0].v;
  }

  /** Up to three distinct stored values spread over the column (smallest, middle, largest). */
  async function spread(definition: ModelDefinition, scalar: ScalarField): Promise<unknown[]> {
    const column = quote(scalar.column);
    const rows = (await app.dataSource.query(
      `SELECT DISTINCT ${column} AS v FROM ${quote(definition.table)} WHERE ${column} IS NOT NULL ORDER BY 1`,
    )) as Array<{ v: unknown }>;
    const values = rows.map((row) => row.v);
    return [...new Set([values[0], values[Math.floor(values.length / 2)], values[values.length - 1]])];
  }

  it('each filter input type has exactly the operators of the contract', async () => {
    for (const [type, operators] of Object.entries(CONTRACT_OPERATORS)) {
      const result = await app.graphql<{ __type: { inputFields: Array<{ name: string }> } }>(
        'query ($name: String!) { __type(name: $name) { inputFields { name } } }',
        { name: type },
      );
      expect({ type, operators: dataOf(result).__type.inputFields.map((input) => input.name).sort() }).toEqual({ type, operators: [...operators].sort() });
    }
  });

  const OPERATOR_CASES = FIELDS.flatMap(([kind, typeName, name]) =>
    OPERATORS[kind].map((operator) => [`${typeName}.${name} (${kind}${field(typeName, name).nullable ? ', nullable' : ''}) ${operator}`, typeName, name, operator] as const),
  );

  it.each(OPERATOR_CASES)('%s', async (_label, typeName, name, operator) => {
    const definition = model(typeName);
    const scalar = field(typeName, name);
    const column = `c.${quote(scalar.column)}`;
    if (operator === 'in' || operator === 'notIn') {
      const values = await spread(definition, scalar);
      // notIn is the complement of in: rows whose field is null match it (README, Filters).
      const where = operator === 'in' ? `${column} = ANY($1)` : `NOT coalesce(${column} = ANY($1), false)`;
      const rows = await expectSameRows(definition, { [name]: { [operator]: values.map((value) => graphqlValue(scalar, value)) } }, where, [values]);
      if (operator === 'in') expect(rows.length).toBeGreaterThan(0);
      return;
    }
    const value = await median(definition, scalar);
    const rows = await expectSameRows(definition, { [name]: { [operator]: graphqlValue(scalar, value) } }, `${column} ${SQL_COMPARATORS[operator]} $1`, [value]);
    if (['eq', 'lte', 'gte'].includes(operator)) expect(rows.length).toBeGreaterThan(0);
  });

  const NULL_CASES = FIELDS.flatMap(([kind, typeName, name]) =>
    [true, false].map((isNull) => [`${typeName}.${name} (${kind}) isNull: ${isNull}`, typeName, name, isNull] as const),
  );

  it.each(NULL_CASES)('%s', async (_label, typeName, name, isNull) => {
    const scalar = field(typeName, name);
    const rows = await expectSameRows(model(typeName), { [name]: { isNull } }, `c.${quote(scalar.column)} IS ${isNull ? '' : 'NOT '}NULL`);
    if (!scalar.nullable) expect(rows.length > 0).toBe(!isNull);
  });

  it('every kind has a nullable column with NULLs under test (so isNull: true is exercised)', async () => {
    const kindsWithNulls = new Set<string>();
    for (const [kind, typeName, name] of FIELDS) {
      const scalar = field(typeName, name);
      if (scalar.nullable && (await countWhere(model(typeName).table, `${quote(scalar.column)} IS NULL`)) > 0) kindsWithNulls.add(kind);
    }
    expect([...kindsWithNulls].sort()).toEqual(['boolean', 'date', 'datetime', 'decimal', 'enum', 'float', 'id', 'int', 'json', 'string']);
  });

  it('several operators on one field all hold (a range)', async () => {
    const definition = model('IndividualSession');
    const scalar = field('IndividualSession', 'scheduledAt');
    const [low, , high] = await spread(definition, scalar);
    const rows = await expectSameRows(
      definition,
      { scheduledAt: { gte: graphqlValue(scalar, low), lt: graphqlValue(scalar, high) } },
      'c.scheduled_at >= $1 AND c.scheduled_at < $2',
      [low, high],
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('in: [] matches nothing and notIn: [] everything', async () => {
    const definition = model('Enrollment');
    expect(await countWhere('enrollments', 'group_id IS NULL')).toBeGreaterThan(0);
    await expectSameRows(definition, { groupId: { in: [] } }, 'FALSE');
    await expectSameRows(definition, { groupId: { notIn: [] } }, 'TRUE'); // NULLs included, as with SQL's <> ALL('{}')
  });

  describe('strings: contains and startsWith', () => {
    it.each([
      ['User', 'lastName'],
      ['User', 'email'],
      ['GroupSession', 'subject'],
      ['ARIAInteraction', 'userInput'],
    ])('%s.%s contains ignores case', async (typeName, name) => {
      const definition = model(typeName);
      const column = quote(field(typeName, name).column);
      const [{ part }] = (await app.dataSource.query(
        `SELECT substr(${column}, 2, 3) AS part FROM ${quote(definition.table)}
          WHERE substr(${column}, 2, 3) ~ '^[A-Za-z]{3}$' ORDER BY id LIMIT 1`,
      )) as Array<{ part: string }>;
      const flipped = swapCase(part);
      const rows = await expectSameRows(definition, { [name]: { contains: flipped } }, `strpos(lower(c.${column}), lower($1)) > 0`, [flipped]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it.each([
      ['User', 'lastName'],
      ['GroupSession', 'subject'],
      ['ARIAInteraction', 'userInput'],
    ])('%s.%s startsWith ignores case', async (typeName, name) => {
      const definition = model(typeName);
      const column = quote(field(typeName, name).column);
      const [{ prefix }] = (await app.dataSource.query(
        `SELECT left(${column}, 2) AS prefix FROM ${quote(definition.table)}
          WHERE left(${column}, 2) ~ '^[A-Za-z]{2}$' ORDER BY id DESC LIMIT 1`,
      )) as Array<{ prefix: string }>;
      const flipped = swapCase(prefix);
      const rows = await expectSameRows(definition, { [name]: { startsWith: flipped } }, `starts_with(lower(c.${column}), lower($1))`, [flipped]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('eq on a string is exact, not case-insensitive', async () => {
      const definition = model('User');
      const [{ lastName }] = (await app.dataSource.query(`SELECT last_name AS "lastName" FROM users WHERE last_name ~ '[A-Za-z]' ORDER BY id LIMIT 1`)) as Array<{
        lastName: string;
      }>;
      const flipped = swapCase(lastName);
      await expectSameRows(definition, { lastName: { eq: flipped } }, 'c.last_name = $1', [flipped]);
    });

    describe('% _ and \\ in the input are literal characters', () => {
      const rowIds: number[] = [];
      beforeAll(async () => {
        // This test's own database: give three bookings topics that tell literal from wildcard.
        const ids = (await app.dataSource.query('SELECT id FROM bookings ORDER BY id LIMIT 3')) as Array<{ id: number }>;
        rowIds.push(...ids.map((row) => row.id));
        const topics = ['Remise 50% sur x_y', 'Remise 50 pourcent sur xzy', 'Fichier C:\\cours\\maths'];
        for (const [index, id] of rowIds.entries()) {
          await app.dataSource.query('UPDATE bookings SET topic = $1 WHERE id = $2', [topics[index], id]);
        }
      });

      it.each([
        ['contains', '50%', 'strpos(c.topic, $1) > 0', 0, 1],
        ['contains', 'x_y', 'strpos(c.topic, $1) > 0', 0, 1],
        ['contains', '%', 'strpos(c.topic, $1) > 0', 0, 1],
        ['contains', '_', 'strpos(c.topic, $1) > 0', 0, 1],
        ['contains', 'C:\\cours\\', 'strpos(c.topic, $1) > 0', 2, 0],
        ['startsWith', 'Remise 50%', 'starts_with(c.topic, $1)', 0, 1],
        ['startsWith', '_', 'starts_with(c.topic, $1)', -1, 0],
        ['startsWith', '%', 'starts_with(c.topic, $1)', -1, 0],
      ] as const)('topic %s %j', async (operator, text, where, matching, notMatching) => {
        const rows = await expectSameRows(model('Booking'), { topic: { [operator]: text } }, where, [text]);
        if (matching >= 0) expect(rows).toContain(String(rowIds[matching]));
        expect(rows).not.toContain(String(rowIds[notMatching]));
        expect(rows.length).toBeLessThan(await countWhere('bookings', 'topic IS NOT NULL'));
      });
    });
  });

  describe('JSON', () => {
    it.each([
      ['Formula', 'features'],
      ['User', 'preferences'],
      ['Student', 'preferredSubjects'],
      ['TeacherProfile', 'subjects'],
    ])('%s.%s contains a part of a stored value (PostgreSQL @>)', async (typeName, name) => {
      const definition = model(typeName);
      const column = quote(field(typeName, name).column);
      const stored = (await app.dataSource.query(
        `SELECT ${column} AS v FROM ${quote(definition.table)}
          WHERE jsonb_typeof(${column}) IN ('array', 'object') AND ${column} NOT IN ('[]'::jsonb, '{}'::jsonb) ORDER BY id`,
      )) as Array<{ v: unknown }>;
      expect(stored.length).toBeGreaterThan(0);
      const value = stored[Math.floor(stored.length / 2)].v;
      const part = Array.isArray(value) ? [value[0]] : Object.fromEntries(Object.entries(value as object).slice(0, 1));
      const rows = await expectSameRows(definition, { [name]: { contains: part } }, `c.${column} @> $1::jsonb`, [JSON.stringify(part)]);
      expect(rows.length).toBeGreaterThan(0);
    });
  });

  describe('and / or / not (on individual sessions)', () => {
    let values: { status: unknown; otherStatus: unknown; format: unknown; duration: unknown; teachers: unknown[]; subjectPart: string; location: unknown };
    const sessions = () => model('IndividualSession');
    const status = (stored: unknown) => enumName(field('IndividualSession', 'status'), stored);
    const format = (stored: unknown) => enumName(field('IndividualSession', 'format'), stored);

    beforeAll(async () => {
      const statuses = (await app.dataSource.query(
        'SELECT status FROM individual_sessions WHERE status IS NOT NULL GROUP BY status ORDER BY count(*) DESC, status',
      )) as Array<{ status: string }>;
      const [{ format: commonFormat }] = (await app.dataSource.query(
        'SELECT format FROM individual_sessions GROUP BY format ORDER BY count(*) DESC, format LIMIT 1',
      )) as Array<{ format: string }>;
      const [{ duration }] = (await app.dataSource.query(
        'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_minutes) AS duration FROM individual_sessions',
      )) as Array<{ duration: number }>;
      const teachers = (
        (await app.dataSource.query('SELECT DISTINCT teacher_id FROM individual_sessions ORDER BY teacher_id LIMIT 2')) as Array<{ teacher_id: number }>
      ).map((row) => row.teacher_id);
      const [{ part }] = (await app.dataSource.query('SELECT lower(left(subject, 3)) AS part FROM individual_sessions ORDER BY id LIMIT 1')) as Array<{
        part: string;
      }>;
      const [{ location }] = (await app.dataSource.query(
        'SELECT location_id AS location FROM individual_sessions WHERE location_id IS NOT NULL GROUP BY location_id ORDER BY count(*) DESC LIMIT 1',
      )) as Array<{ location: number }>;
      expect(statuses.length).toBeGreaterThan(1);
      values = { status: statuses[0].status, otherStatus: statuses[1].status, format: commonFormat, duration, teachers, subjectPart: part, location };
    });

    it('or: one of the filters matches', async () => {
      const rows = await expectSameRows(
        sessions(),
        { or: [{ status: { eq: status(values.status) } }, { durationMinutes: { gte: values.duration } }] },
        '(c.status = $1 OR c.duration_minutes >= $2)',
        [values.status, values.duration],
      );
      expect(rows.length).toBeGreaterThan(0);
    });

    it('and: every filter matches', async () => {
      const rows = await expectSameRows(
        sessions(),
        { and: [{ format: { eq: format(values.format) } }, { durationMinutes: { lt: values.duration } }] },
        'c.format = $1 AND c.duration_minutes < $2',
        [values.format, values.duration],
      );
      expect(rows.length).toBeGreaterThan(0);
    });

    it('entries of one filter are and-ed', async () => {
      const rows = await expectSameRows(
        sessions(),
        { format: { eq: format(values.format) }, status: { in: [status(values.status), status(values.otherStatus)] } },
        'c.format = $1 AND c.status = ANY($2)',
        [values.format, [values.status, values.otherStatus]],
      );
      expect(rows.length).toBeGreaterThan(0);
    });

    it('not: the filter does not match', async () => {
      const rows = await expectSameRows(sessions(), { not: { format: { eq: format(values.format) } } }, 'NOT coalesce(c.format = $1, false)', [values.format]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('not on a nullable field is the complement: NULLs match not (and ne), never the condition', async () => {
      expect(await countWhere('individual_sessions', 'location_id IS NULL')).toBeGreaterThan(0);
      const negated = await expectSameRows(sessions(), { not: { locationId: { eq: String(values.location) } } }, 'c.location_id IS DISTINCT FROM $1', [values.location]);
      await expectSameRows(sessions(), { locationId: { ne: String(values.location) } }, 'c.location_id IS DISTINCT FROM $1', [values.location]);
      // to exclude the NULLs, say so
      const rows = await expectSameRows(
        sessions(),
        { not: { locationId: { eq: String(values.location) } }, locationId: { isNull: false } },
        'c.location_id <> $1',
        [values.location],
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(negated.length).toBeGreaterThan(rows.length);
    });

    it('not of not is the filter itself', async () => {
      await expectSameRows(sessions(), { not: { not: { format: { eq: format(values.format) } } } }, 'c.format = $1', [values.format]);
    });

    it('nested combinations', async () => {
      const rows = await expectSameRows(
        sessions(),
        {
          or: [
            { and: [{ format: { eq: format(values.format) } }, { not: { status: { eq: status(values.status) } } }] },
            { teacherId: { in: values.teachers.map(String) } },
          ],
          not: { subject: { contains: values.subjectPart } },
        },
        `((c.format = $1 AND c.status IS DISTINCT FROM $2) OR c.teacher_id = ANY($3)) AND NOT coalesce(strpos(lower(c.subject), lower($4)) > 0, false)`,
        [values.format, values.status, values.teachers, values.subjectPart],
      );
      expect(rows.length).toBeGreaterThan(0);
    });

    it('or: [] matches nothing, and: [] everything; not: {} is BAD_USER_INPUT (filter-nulls.test.ts)', async () => {
      await expectSameRows(sessions(), { or: [] }, 'FALSE');
      await expectSameRows(sessions(), { and: [] }, 'TRUE');
    });
  });

  describe('on nested connections', () => {
    it('teacher.bookings(filter) gives the matching bookings of that teacher and their count', async () => {
      const [{ teacher_id: teacherId, status: stored }] = (await app.dataSource.query(
        `SELECT teacher_id, status FROM bookings WHERE status IS NOT NULL GROUP BY teacher_id, status ORDER BY count(*) DESC, teacher_id LIMIT 1`,
      )) as Array<{ teacher_id: number; status: string }>;
      const response = await app.graphql<{ teacher: { bookings: { totalCount: number; nodes: Array<{ id: string }> } } }>(
        `query ($id: ID!, $filter: BookingFilter) { teacher(id: $id) { bookings(first: 100, filter: $filter) { totalCount nodes { id } } } }`,
        { id: String(teacherId), filter: { status: { eq: enumName(field('Booking', 'status'), stored) } } },
      );
      const expected = await sqlIds(app, 'SELECT id FROM bookings WHERE teacher_id = $1 AND status = $2 ORDER BY id', [teacherId, stored]);
      expect(expected.length).toBeGreaterThan(1);
      const bookings = dataOf(response).teacher.bookings;
      expect(bookings.nodes.map((node) => node.id)).toEqual(expected.slice(0, 100));
      expect(bookings.totalCount).toBe(expected.length);
    });

    it('one filtered page per teacher of a list, each with its own count', async () => {
      const [{ subject }] = (await app.dataSource.query('SELECT subject FROM bookings GROUP BY subject ORDER BY count(*) DESC LIMIT 1')) as Array<{ subject: string }>;
      const response = await app.graphql<{ teachers: { nodes: Array<{ id: string; bookings: { totalCount: number; nodes: Array<{ id: string }> } }> } }>(
        `query ($subject: String!) { teachers(first: 100) { nodes { id bookings(first: 3, filter: { subject: { eq: $subject } }) { totalCount nodes { id } } } } }`,
        { subject },
      );
      const teachers = dataOf(response).teachers.nodes;
      expect(teachers.length).toBeGreaterThan(1);
      for (const teacher of teachers) {
        const expected = await sqlIds(app, 'SELECT id FROM bookings WHERE teacher_id = $1 AND subject = $2 ORDER BY id', [Number(teacher.id), subject]);
        expect(teacher.bookings.nodes.map((node) => node.id)).toEqual(expected.slice(0, 3));
        expect(teacher.bookings.totalCount).toBe(expected.length);
      }
    });
  });

  async function countWhere(table: string, where: string): Promise<number> {
    const [row] = (await app.dataSource.query(`SELECT count(*) AS count FROM ${quote(table)} WHERE ${where}`)) as Array<{ count: number }>;
    return Number(row.count);
  }
});

function swapCase(text: string): string {
  return [...text].map((character) => (character === character.toUpperCase() ? character.toLowerCase() : character.toUpperCase())).join('');
}
