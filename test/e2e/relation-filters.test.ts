import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { dataOf, model, quote, rootPages, sqlIds, walkForward } from './support/read-api';

// Relation filters over HTTP, as the super admin (who reads every row), each compared with the ids
// of an independent SQL statement on the same database: to-one, to-one existence, to-many some /
// every / none / existence, a derived relationship, nesting two levels, inside or / not, and the
// refusals (empty or null entries, input limits). Authorization has its own test
// (test/authorization/relation-filters.test.ts).

describe('relation filters', () => {
  let app: TestApp;
  /** A word of some student's name, read from the data. */
  let nameWord: string;
  /** Teachers whose every booking has a meeting URL starting with MEETING (A), all but one (B). */
  let teacherA: number;
  let teacherB: number;
  const MEETING = 'https://meet.example/relation-filters/';

  beforeAll(async () => {
    app = await startTestApp();
    const [student] = (await app.dataSource.query(
      `SELECT full_name FROM students WHERE id IN (SELECT student_id FROM bookings) ORDER BY id OFFSET 3 LIMIT 1`,
    )) as Array<{ full_name: string }>;
    nameWord = student.full_name.split(' ').pop()!;
    const teachers = (await app.dataSource.query(
      `SELECT teacher_id AS id FROM bookings GROUP BY teacher_id HAVING count(*) > 1 ORDER BY teacher_id LIMIT 2`,
    )) as Array<{ id: number }>;
    [teacherA, teacherB] = teachers.map((row) => row.id);
    await app.dataSource.query(`UPDATE bookings SET meeting_url = $1 || id WHERE teacher_id = ANY($2::int[])`, [MEETING, [teacherA, teacherB]]);
    await app.dataSource.query(`UPDATE bookings SET meeting_url = NULL WHERE id = (SELECT max(id) FROM bookings WHERE teacher_id = $1)`, [teacherB]);
    // A few bookings without a status: `every` must treat "unknown" as "does not match".
    await app.dataSource.query(`UPDATE bookings SET status = NULL WHERE id IN (SELECT id FROM bookings ORDER BY id DESC LIMIT 5)`);
  });
  afterAll(async () => {
    await app.close();
  });

  async function filtered(typeName: string, filter: Record<string, unknown>): Promise<{ ids: string[]; totalCount: number }> {
    const pages = await walkForward(rootPages(app, model(typeName), { filter }), 100);
    return { ids: pages.flatMap((page) => page.ids), totalCount: pages[0].totalCount };
  }

  /** The API's rows for `filter` are those of `SELECT id FROM table c WHERE where`; returns them. */
  async function expectSameRows(typeName: string, filter: Record<string, unknown>, where: string, params: unknown[] = []): Promise<string[]> {
    const definition = model(typeName);
    const expected = await sqlIds(app, `SELECT id FROM ${quote(definition.table)} c WHERE ${where} ORDER BY id`, params);
    const actual = await filtered(typeName, filter);
    expect(actual.ids).toEqual(expected);
    expect(actual.totalCount).toBe(expected.length);
    return expected;
  }

  describe('to-one', () => {
    it('bookings by their student’s name', async () => {
      const ids = await expectSameRows(
        'Booking',
        { student: { fullName: { contains: nameWord } } },
        `EXISTS (SELECT 1 FROM students s WHERE s.id = c.student_id AND s.full_name ILIKE $1)`,
        [`%${nameWord}%`],
      );
      expect(ids.length).toBeGreaterThan(0);
    });

    it('existence of a nullable to-one (locationExists, availabilityExists)', async () => {
      const without = await expectSameRows('Booking', { locationExists: false }, 'c.location_id IS NULL');
      const withLocation = await expectSameRows('Booking', { locationExists: true }, 'c.location_id IS NOT NULL');
      expect(without.length).toBeGreaterThan(0);
      expect(withLocation.length).toBeGreaterThan(0);
      await expectSameRows('Booking', { availabilityExists: true, status: { eq: 'CONFIRMED' } }, `c.availability_id IS NOT NULL AND c.status = 'confirmed'`);
    });

    it('one-to-one from the side without the foreign key (User.teacher)', async () => {
      await expectSameRows('User', { teacher: { lastName: { startsWith: 'B' } } }, `EXISTS (SELECT 1 FROM teachers t WHERE t.user_id = c.id AND t.last_name ILIKE 'B%')`);
      await expectSameRows('User', { studentExists: true }, `EXISTS (SELECT 1 FROM students s WHERE s.user_id = c.id)`);
    });
  });

  describe('to-many', () => {
    it('some', async () => {
      const ids = await expectSameRows(
        'Teacher',
        { bookings: { some: { status: { eq: 'CANCELLED' } } } },
        `EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = c.id AND b.status = 'cancelled')`,
      );
      expect(ids.length).toBeGreaterThan(0);
    });

    it('every: over the related rows, true without any, unknown (NULL) breaks it', async () => {
      const ids = await expectSameRows(
        'Teacher',
        { bookings: { every: { meetingUrl: { startsWith: MEETING } } } },
        `NOT EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = c.id AND (b.meeting_url LIKE $1) IS NOT TRUE)`,
        [`${MEETING}%`],
      );
      expect(ids).toContain(String(teacherA));
      expect(ids).not.toContain(String(teacherB)); // one booking with a NULL meeting URL
      // A NULL status is not CONFIRMED: every teacher with a booking of unknown status is out.
      await expectSameRows(
        'Teacher',
        { bookings: { every: { status: { ne: 'CANCELLED' } } } },
        `NOT EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = c.id AND b.status IS NOT DISTINCT FROM 'cancelled')`,
      );
      await expectSameRows(
        'Teacher',
        { bookings: { every: { status: { in: ['CONFIRMED', 'COMPLETED', 'PENDING'] } } } },
        `NOT EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = c.id AND (b.status IN ('confirmed', 'completed', 'pending')) IS NOT TRUE)`,
      );
    });

    it('none, and its equivalence with not some', async () => {
      const filter = { status: { eq: 'CANCELLED' } };
      const ids = await expectSameRows(
        'Teacher',
        { bookings: { none: filter } },
        `NOT EXISTS (SELECT 1 FROM bookings b WHERE b.teacher_id = c.id AND b.status = 'cancelled')`,
      );
      expect((await filtered('Teacher', { not: { bookings: { some: filter } } })).ids).toEqual(ids);
    });

    it('existence (bookingsExist) and some + none together', async () => {
      await expectSameRows('Location', { bookingsExist: false }, 'NOT EXISTS (SELECT 1 FROM bookings b WHERE b.location_id = c.id)');
      await expectSameRows(
        'Student',
        { bookings: { some: { status: { eq: 'CONFIRMED' } }, none: { status: { eq: 'CANCELLED' } } } },
        `EXISTS (SELECT 1 FROM bookings b WHERE b.student_id = c.id AND b.status = 'confirmed')
         AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.student_id = c.id AND b.status = 'cancelled')`,
      );
    });

    it('a derived relationship (Teacher.students, the students a teacher teaches now)', async () => {
      const ids = await expectSameRows(
        'Teacher',
        { students: { some: { fullName: { contains: nameWord } } } },
        `EXISTS (SELECT 1 FROM students s WHERE s.full_name ILIKE $1 AND s.id IN (
           SELECT b.student_id FROM bookings b WHERE b.teacher_id = c.id AND b.start_time > now() - interval '3 months' AND b.status IS DISTINCT FROM 'cancelled'
           UNION SELECT i.student_id FROM individual_sessions i WHERE i.teacher_id = c.id AND i.scheduled_at > now() - interval '3 months' AND i.status IS DISTINCT FROM 'cancelled'
           UNION SELECT e.student_id FROM enrollments e WHERE e.teacher_id = c.id AND e.is_active IS TRUE
           UNION SELECT e.student_id FROM enrollments e JOIN groups g ON g.id = e.group_id WHERE g.teacher_id = c.id AND e.is_active IS TRUE))`,
        [`%${nameWord}%`],
      );
      expect(ids.length).toBeGreaterThan(0);
    });
  });

  describe('nesting', () => {
    it('two levels: teachers with a booking of a student named …', async () => {
      const ids = await expectSameRows(
        'Teacher',
        { bookings: { some: { student: { fullName: { contains: nameWord } } } } },
        `EXISTS (SELECT 1 FROM bookings b JOIN students s ON s.id = b.student_id WHERE b.teacher_id = c.id AND s.full_name ILIKE $1)`,
        [`%${nameWord}%`],
      );
      expect(ids.length).toBeGreaterThan(0);
    });

    it('two levels of to-many: teachers with a group whose every enrollment is active', async () => {
      await expectSameRows(
        'Teacher',
        { groups: { some: { enrollments: { every: { isActive: { eq: true } } } } } },
        `EXISTS (SELECT 1 FROM groups g WHERE g.teacher_id = c.id
           AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.group_id = g.id AND (e.is_active = true) IS NOT TRUE))`,
      );
    });

    it('inside or, with scalar conditions, and in a nested connection', async () => {
      await expectSameRows(
        'Booking',
        { or: [{ student: { fullName: { contains: nameWord } } }, { teacher: { id: { eq: String(teacherA) } } }], durationMinutes: { gte: 60 } },
        `(EXISTS (SELECT 1 FROM students s WHERE s.id = c.student_id AND s.full_name ILIKE $1) OR c.teacher_id = $2) AND c.duration_minutes >= 60`,
        [`%${nameWord}%`, teacherA],
      );
      const query = `query ($id: ID!, $filter: BookingFilter) { teacher(id: $id) { bookings(first: 100, filter: $filter) { totalCount nodes { id } } } }`;
      const data = dataOf(await app.graphql<{ teacher: { bookings: { totalCount: number; nodes: Array<{ id: string }> } } }>(query, {
        id: String(teacherA),
        filter: { student: { fullName: { contains: nameWord } } },
      }));
      const expected = await sqlIds(
        app,
        `SELECT b.id FROM bookings b JOIN students s ON s.id = b.student_id WHERE b.teacher_id = $1 AND s.full_name ILIKE $2 ORDER BY b.id`,
        [teacherA, `%${nameWord}%`],
      );
      expect(data.teacher.bookings.nodes.map((node) => node.id)).toEqual(expected);
      expect(data.teacher.bookings.totalCount).toBe(expected.length);
    });

    it('a nested connection with a relation filter costs the same statements for 1 and for 50 parents', async () => {
      const query = `query ($first: Int!) { teachers(first: $first) { nodes { id bookings(first: 3, filter: { student: { fullName: { contains: "a" } } }) { totalCount nodes { id } } } } }`;
      const one = await app.graphql(query, { first: 1 });
      const many = await app.graphql(query, { first: 50 });
      expect(one.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      expect(one.extensions?.sqlStatements).toBe(1 + 2); // viewer, root page with its prefetched pages, counts
      expect(many.extensions?.sqlStatements).toBe(1 + 2);
    });
  });

  it('a mutation of a model a relation filter reads clears the loaders that filtered through it', async () => {
    const [pair] = (await app.dataSource.query(
      `SELECT formula_id, group_id, description FROM enrollments e JOIN formulas f ON f.id = e.formula_id WHERE group_id IS NOT NULL
        GROUP BY formula_id, group_id, description ORDER BY count(*) DESC LIMIT 1`,
    )) as Array<{ formula_id: number; group_id: number; description: string | null }>;
    const name = 'Groupe renommé par le test des filtres de relation';
    const selection = `enrollments(first: 5, filter: { group: { name: { eq: $name } } }) { totalCount nodes { id } }`;
    const mutation = `mutation ($formula: ID!, $group: ID!, $name: String!, $description: String) {
      before: updateFormula(input: { id: $formula, description: $description }) { ${selection} }
      updateGroup(input: { id: $group, name: $name }) { id }
      after: updateFormula(input: { id: $formula, description: $description }) { ${selection} }
    }`;
    type Enrollments = { enrollments: { totalCount: number; nodes: Array<{ id: string }> } };
    const data = dataOf(await app.graphql<{ before: Enrollments; after: Enrollments }>(mutation, {
      formula: String(pair.formula_id),
      group: String(pair.group_id),
      name,
      description: pair.description ?? 'Formule',
    }));
    const expected = await sqlIds(app, 'SELECT id FROM enrollments WHERE formula_id = $1 AND group_id = $2 ORDER BY id', [pair.formula_id, pair.group_id]);
    expect(expected.length).toBeGreaterThan(0);
    expect(data.before.enrollments.totalCount).toBe(0);
    expect(data.after.enrollments.totalCount).toBe(expected.length);
    expect(data.after.enrollments.nodes.map((node) => node.id)).toEqual(expected.slice(0, 5));
  });

  describe('refusals', () => {
    function expectBadInput(response: GraphQLResponse, fields: string[]): void {
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields });
      expect(response.data ?? null).toBeNull();
    }
    const TEACHERS = 'query ($f: TeacherFilter) { teachers(filter: $f) { totalCount } }';
    const BOOKINGS = 'query ($f: BookingFilter) { bookings(filter: $f) { totalCount } }';

    it('an empty to-many entry, an empty or null quantifier, an empty to-one filter name their path', async () => {
      expectBadInput(await app.graphql(TEACHERS, { f: { bookings: {} } }), ['filter.bookings']);
      expectBadInput(await app.graphql(TEACHERS, { f: { bookings: { some: {} } } }), ['filter.bookings.some']);
      expectBadInput(await app.graphql(TEACHERS, { f: { bookings: { every: null } } }), ['filter.bookings.every']);
      expectBadInput(await app.graphql(BOOKINGS, { f: { student: {} } }), ['filter.student']);
      expectBadInput(await app.graphql(BOOKINGS, { f: { student: null } }), ['filter.student']);
      expectBadInput(await app.graphql(BOOKINGS, { f: { student: { fullName: { eq: null } } } }), ['filter.student.fullName.eq']);
    });

    it('relation filters count toward the filter depth: 5 levels run, 6 are refused with their path', async () => {
      // student → bookings.some → student → ...: BookingFilter → StudentFilter → BookingFilter ...
      const chain = (levels: number, level = 1): Record<string, unknown> =>
        level > levels ? { id: { isNull: false } } : level % 2 === 1 ? { student: chain(levels, level + 1) } : { bookings: { some: chain(levels, level + 1) } };
      const five = await app.graphql(BOOKINGS, { f: chain(5) });
      expect(five.errors).toBeUndefined();
      const refused = await app.graphql(BOOKINGS, { f: chain(6) });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: ['filter.student.bookings.some.student.bookings.some.student.bookings'],
        limit: 'filter depth',
        maximum: 5,
        actual: 6,
      });
      expect(refused.status).toBe(400);
      const literal = await app.graphql('{ bookings(filter: { student: { bookings: { some: { student: { bookings: { some: { student: { bookings: { some: { id: { isNull: false } } } } } } } } } } }) { totalCount } }');
      expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'filter depth', actual: 6 });
    });

    it('relation entries count toward the filter conditions', async () => {
      // 17 branches + 17 relation entries + 17 operators = 51 > 50 (34 if relation entries were free).
      const branches = Array.from({ length: 17 }, (_unused, index) => ({ student: { id: { eq: String(index + 1) } } }));
      const refused = await app.graphql(BOOKINGS, { f: { or: branches } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['filter'], limit: 'filter conditions', maximum: 50, actual: 51 });
      const exists = Array.from({ length: 26 }, () => ({ locationExists: true }));
      // 26 branches + 26 existence entries = 52
      expect((await app.graphql(BOOKINGS, { f: { or: exists } })).errors?.[0].extensions).toMatchObject({ limit: 'filter conditions', actual: 52 });
      const accepted = await app.graphql(BOOKINGS, { f: { or: branches.slice(0, 16) } });
      expect(accepted.errors).toBeUndefined();
    });
  });
});
