import type { Relationship } from '../../src/graphql/model-registry';
import { useMatrixApp } from './support/matrix-app';
import { MODELS } from '../../src/graphql/models';
import type { TestApp } from '../support/test-app';
import { dataOf, Expectations, listFieldOf, sql } from './support/harness';
import { TAUGHT_PAIRS, type TypeName } from './support/matrix';
import { ROLES, type Role, type Viewers } from './support/viewers';

// (c) Nested relationships: a relationship field only ever returns rows the matrix allows the
// viewer, and a nested totalCount counts exactly those, whatever the path that leads there.

const RELATIONSHIPS: Relationship[] = MODELS.flatMap((model) => model.relationships);
const CASES = ROLES.flatMap((role) => RELATIONSHIPS.map((relationship) => [role, `${relationship.parent.typeName}.${relationship.name}`, relationship] as const));

type Node = Record<string, unknown> & { id: string };
type Page = { totalCount: number; nodes: Array<{ id: string }> };

describe('permission matrix: nested relationships', () => {
  let app: TestApp;
  let viewers: Viewers;
  let expectations: Expectations;
  useMatrixApp((matrix) => ({ app, viewers, expectations } = matrix));

  /** The target rows the role may read, grouped by the key that links them to a parent. */
  async function visibleChildren(role: Role, relationship: Relationship): Promise<Map<number, number[]>> {
    const ids = await expectations.ids(role, relationship.target.typeName as TypeName);
    // Teacher.students is derived (no foreign key): its pairs come from the matrix's own SQL.
    const pairs = relationship.through
      ? `SELECT id, key FROM (${TAUGHT_PAIRS}) AS pairs WHERE id = ANY($1::int[]) ORDER BY id, key`
      : `SELECT id, ${relationship.targetColumn} AS key FROM ${relationship.target.table} WHERE id = ANY($1::int[]) ORDER BY id`;
    const rows = await sql<{ id: number; key: number }>(app, pairs, [ids]);
    const byKey = new Map<number, number[]>();
    for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row.id]);
    return byKey;
  }

  it('sweeps the 73 relationship fields (72 foreign keys and Teacher.students)', () => {
    expect(RELATIONSHIPS).toHaveLength(73);
  });

  // Every relationship field, from the first 100 parents the viewer may list.
  it.each(CASES)('%s: %s returns permitted rows only', async (role, _name, relationship) => {
    const key = relationship.parentKey;
    const selection = relationship.cardinality === 'one' ? `${relationship.name} { id }` : `${relationship.name}(first: 100) { totalCount nodes { id } }`;
    const field = listFieldOf(relationship.parent.typeName);
    const data = dataOf(await app.graphql<Record<string, { nodes: Node[] }>>(`{ ${field}(first: 100) { nodes { id ${key === 'id' ? '' : key} ${selection} } } }`, {}, viewers.headers(role)));
    const parents = data[field].nodes;
    const allowedParents = await expectations.set(role, relationship.parent.typeName as TypeName);
    expect(parents.every((parent) => allowedParents.has(Number(parent.id)))).toBe(true);

    const children = await visibleChildren(role, relationship);
    for (const parent of parents) {
      const link = parent[key] === null ? null : Number(parent[key]);
      const expected = link === null ? [] : (children.get(link) ?? []);
      if (relationship.cardinality === 'one') {
        expect([parent.id, parent[relationship.name]]).toEqual([parent.id, expected.length === 0 ? null : { id: String(expected[0]) }]);
      } else {
        const page = parent[relationship.name] as Page;
        expect([parent.id, page.totalCount, page.nodes.map((node) => Number(node.id))]).toEqual([parent.id, expected.length, expected.slice(0, 100)]);
      }
    }
  });

  it('parent → me → childRelations → childUser → student: bookings of every child, grades and reports per link', async () => {
    const query = `{ me { childRelations(first: 10) { totalCount nodes { childUserId canViewGrades canReceiveReports childUser { id student { id
      bookings(first: 100) { totalCount nodes { id sessionReport { id } } }
      assessments(first: 1) { totalCount } weeklyReports(first: 1) { totalCount } ariaInteractions(first: 1) { totalCount } studentObjectives(first: 1) { totalCount }
    } } } } } }`;
    type Child = {
      childUserId: string;
      canViewGrades: boolean;
      canReceiveReports: boolean;
      childUser: {
        student: {
          id: string;
          bookings: { totalCount: number; nodes: Array<{ id: string; sessionReport: { id: string } | null }> };
          assessments: { totalCount: number };
          weeklyReports: { totalCount: number };
          ariaInteractions: { totalCount: number };
          studentObjectives: { totalCount: number };
        };
      };
    };
    const { me } = dataOf(await app.graphql<{ me: { childRelations: { totalCount: number; nodes: Child[] } } }>(query, {}, viewers.headers('parent')));
    const links = await sql<{ userId: number; confirmed: boolean; grades: boolean; reports: boolean; bookings: number; assessments: number; weeklyReports: number }>(
      app,
      `SELECT r.child_user_id AS "userId", r.confirmed_at IS NOT NULL AS confirmed, r.can_view_grades AS grades, r.can_receive_reports AS reports,
              (SELECT count(*) FROM bookings b WHERE b.student_id = s.id)::int AS bookings,
              (SELECT count(*) FROM assessments a WHERE a.student_id = s.id)::int AS assessments,
              (SELECT count(*) FROM weekly_reports w WHERE w.student_id = s.id)::int AS "weeklyReports"
         FROM parent_child_relations r JOIN students s ON s.user_id = r.child_user_id WHERE r.parent_user_id = $1 ORDER BY r.child_user_id`,
      [viewers.userId('parent')],
    );
    // The demo parent shows both cases: a child with the flags, a child without.
    expect(links.some((link) => link.confirmed && link.grades && link.reports)).toBe(true);
    expect(links.some((link) => link.confirmed && !link.grades && !link.reports)).toBe(true);
    expect(me.childRelations.totalCount).toBe(links.length);

    for (const link of links) {
      const child = me.childRelations.nodes.find((node) => Number(node.childUserId) === link.userId)!;
      // A pending link: the parent sees the link, not the child.
      if (!link.confirmed) {
        expect(child.childUser).toBeNull();
        continue;
      }
      const student = child.childUser.student;
      expect(student.bookings.totalCount).toBe(link.bookings);
      const bookingIds = student.bookings.nodes.map((node) => Number(node.id));
      const reported = await sql<{ bookingId: number }>(app, 'SELECT booking_id AS "bookingId" FROM session_reports WHERE booking_id = ANY($1::int[])', [bookingIds]);
      expect(reported.length).toBeGreaterThan(0);
      // A session report is a grade: only through a link with can_view_grades.
      const withReport = student.bookings.nodes.filter((node) => node.sessionReport !== null).map((node) => Number(node.id));
      expect(withReport.sort((a, b) => a - b)).toEqual(link.grades ? reported.map((row) => row.bookingId).sort((a, b) => a - b) : []);
      expect(student.assessments.totalCount).toBe(link.grades ? link.assessments : 0);
      expect(student.weeklyReports.totalCount).toBe(link.reports ? link.weeklyReports : 0);
      expect(student.ariaInteractions.totalCount).toBe(0);
      expect(student.studentObjectives.totalCount).toBe(0);
    }
  });

  it("teacher → teacher(id) → bookings → student → assessments: their own pupils' grades, nothing through another teacher", async () => {
    const query = `query ($id: ID!) { teacher(id: $id) { id bookings(first: 100) { totalCount nodes { id student { id assessments(first: 20) { totalCount } } } }
      groups(first: 10) { totalCount } sessionReports(first: 1) { totalCount } availabilities(first: 1) { totalCount } } }`;
    type Teacher = {
      bookings: { totalCount: number; nodes: Array<{ student: { id: string; assessments: { totalCount: number } } | null }> };
      groups: { totalCount: number };
      sessionReports: { totalCount: number };
      availabilities: { totalCount: number };
    };
    const teacher = viewers.headers('teacher');

    const own = dataOf(await app.graphql<{ teacher: Teacher }>(query, { id: String(viewers.teacherId) }, teacher)).teacher;
    const [counts] = await sql<{ bookings: number; groups: number; reports: number }>(
      app,
      `SELECT (SELECT count(*) FROM bookings WHERE teacher_id = $1)::int AS bookings, (SELECT count(*) FROM groups WHERE teacher_id = $1)::int AS groups,
              (SELECT count(*) FROM session_reports WHERE teacher_id = $1)::int AS reports`,
      [viewers.teacherId],
    );
    expect([own.bookings.totalCount, own.groups.totalCount, own.sessionReports.totalCount]).toEqual([counts.bookings, counts.groups, counts.reports]);
    const assessments = new Map(
      (await sql<{ id: number; count: number }>(app, 'SELECT s.id, (SELECT count(*) FROM assessments a WHERE a.student_id = s.id)::int AS count FROM students s')).map(
        (row) => [row.id, row.count],
      ),
    );
    // The booking stays the teacher's own record; its student only while the teacher teaches them.
    const pupils = new Set(await expectations.ids('teacher', 'Student'));
    const [withStudent] = await sql<{ count: number }>(
      app,
      `SELECT count(*)::int AS count FROM (SELECT id FROM bookings WHERE teacher_id = $1 ORDER BY id LIMIT 100) b
        JOIN bookings x ON x.id = b.id WHERE x.student_id = ANY($2::int[])`,
      [viewers.teacherId, [...pupils]],
    );
    expect(own.bookings.nodes.filter((booking) => booking.student !== null)).toHaveLength(withStudent.count);
    for (const booking of own.bookings.nodes) {
      if (booking.student !== null) expect(booking.student.assessments.totalCount).toBe(assessments.get(Number(booking.student.id)));
    }

    // Another teacher: their public profile, free slots; not their bookings, groups or reports,
    // although they teach the same students.
    const other = dataOf(await app.graphql<{ teacher: Teacher }>(query, { id: String(viewers.otherTeacherId) }, teacher)).teacher;
    const [free] = await sql<{ count: number }>(app, 'SELECT count(*)::int AS count FROM availabilities WHERE teacher_id = $1 AND is_booked IS NOT TRUE', [
      viewers.otherTeacherId,
    ]);
    expect(other).toEqual({
      id: String(viewers.otherTeacherId),
      bookings: { totalCount: 0, nodes: [] },
      groups: { totalCount: 0 },
      sessionReports: { totalCount: 0 },
      availabilities: { totalCount: free.count },
    });
  });

  it("teacher → students → bookings: only the teacher's own bookings of each pupil, and no one else's pupils", async () => {
    const { students } = dataOf(
      await app.graphql<{ students: { totalCount: number; nodes: Array<{ id: string; bookings: { totalCount: number } }> } }>(
        '{ students(first: 100) { totalCount nodes { id bookings(first: 1) { totalCount } } } }',
        {},
        viewers.headers('teacher'),
      ),
    );
    const expected = await sql<{ id: number; count: number }>(
      app,
      `SELECT s.id, (SELECT count(*) FROM bookings b WHERE b.student_id = s.id AND b.teacher_id = $1)::int AS count FROM students s
        WHERE s.id IN (SELECT id FROM (${TAUGHT_PAIRS}) AS pairs WHERE key = $1)
        ORDER BY s.id`,
      [viewers.teacherId],
    );
    const [all] = await sql<{ count: number }>(app, 'SELECT count(*)::int AS count FROM students');
    expect(students.totalCount).toBe(expected.length);
    expect(students.totalCount).toBeLessThan(all.count);
    expect(students.nodes.map((node) => [Number(node.id), node.bookings.totalCount])).toEqual(expected.map((row) => [row.id, row.count]));
  });

  it("student → me: their bookings with their reports, public teachers with masked contacts, not their parents' accounts", async () => {
    const query = `{ me { id student { id bookings(first: 100) { totalCount nodes { id sessionReport { id } teacher { id email phone lastName } } } }
      parentRelations(first: 5) { totalCount nodes { parentUserId parentUser { id } } } } }`;
    type Me = {
      student: { bookings: { totalCount: number; nodes: Array<{ id: string; sessionReport: { id: string } | null; teacher: Record<string, string | null> }> } };
      parentRelations: { totalCount: number; nodes: Array<{ parentUserId: string; parentUser: { id: string } | null }> };
    };
    const { me } = dataOf(await app.graphql<{ me: Me }>(query, {}, viewers.headers('student')));
    const [counts] = await sql<{ bookings: number; reports: number; parents: number }>(
      app,
      `SELECT (SELECT count(*) FROM bookings WHERE student_id = s.id)::int AS bookings,
              (SELECT count(*) FROM session_reports r JOIN bookings b ON b.id = r.booking_id WHERE b.student_id = s.id)::int AS reports,
              (SELECT count(*) FROM parent_child_relations WHERE child_user_id = s.user_id)::int AS parents
         FROM students s WHERE s.user_id = $1`,
      [viewers.userId('student')],
    );
    expect(me.student.bookings.totalCount).toBe(counts.bookings);
    expect(me.student.bookings.nodes.filter((node) => node.sessionReport !== null)).toHaveLength(counts.reports);
    for (const booking of me.student.bookings.nodes) expect(booking.teacher).toMatchObject({ email: null, phone: null, lastName: expect.any(String) });
    expect(me.parentRelations.totalCount).toBe(counts.parents);
    expect(me.parentRelations.nodes.map((node) => node.parentUser)).toEqual(me.parentRelations.nodes.map(() => null));
  });

  it('anonymous → teachers: free slots only; no bookings, groups, reports or accounts', async () => {
    type Teacher = { id: string; availabilities: { totalCount: number }; bookings: { totalCount: number }; groups: { totalCount: number }; sessionReports: { totalCount: number }; user: null };
    const { teachers } = dataOf(
      await app.graphql<{ teachers: { nodes: Teacher[] } }>(
        '{ teachers(first: 100) { nodes { id availabilities(first: 1) { totalCount } bookings(first: 1) { totalCount } groups(first: 1) { totalCount } sessionReports(first: 1) { totalCount } user { id } } } }',
        {},
        viewers.headers('anonymous'),
      ),
    );
    const free = await sql<{ id: number; count: number }>(
      app,
      `SELECT t.id, (SELECT count(*) FROM availabilities a WHERE a.teacher_id = t.id AND a.is_booked IS NOT TRUE)::int AS count FROM teachers t
        WHERE t.user_id IS NULL OR t.user_id NOT IN (SELECT id FROM users WHERE status = 'pending') ORDER BY t.id`,
    );
    expect(teachers.nodes.map((teacher) => [Number(teacher.id), teacher.availabilities.totalCount])).toEqual(free.map((row) => [row.id, row.count]));
    for (const teacher of teachers.nodes) {
      expect([teacher.bookings.totalCount, teacher.groups.totalCount, teacher.sessionReports.totalCount, teacher.user]).toEqual([0, 0, 0, null]);
    }
  });

  it('admin without can_view_reports → students: records and bookings, but no assessment, report or session report', async () => {
    type Student = { bookings: { totalCount: number; nodes: Array<{ sessionReport: null }> }; assessments: { totalCount: number }; weeklyReports: { totalCount: number } };
    const { students } = dataOf(
      await app.graphql<{ students: { totalCount: number; nodes: Student[] } }>(
        '{ students(first: 20) { totalCount nodes { bookings(first: 20) { totalCount nodes { sessionReport { id } } } assessments(first: 1) { totalCount } weeklyReports(first: 1) { totalCount } } } }',
        {},
        viewers.headers('adminWithoutReports'),
      ),
    );
    const [all] = await sql<{ count: number }>(app, 'SELECT count(*)::int AS count FROM students');
    expect(students.totalCount).toBe(all.count);
    expect(students.nodes.some((student) => student.bookings.totalCount > 0)).toBe(true);
    for (const student of students.nodes) {
      expect([student.assessments.totalCount, student.weeklyReports.totalCount]).toEqual([0, 0]);
      expect(student.bookings.nodes.every((booking) => booking.sessionReport === null)).toBe(true);
    }
  });
});
