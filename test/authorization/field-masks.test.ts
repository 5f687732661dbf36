import { MODELS } from '../../src/graphql/models';
import { startTestApp, type TestApp } from '../support/test-app';
import { dataOf, listFieldOf, modelOf, sql } from './support/harness';
import { MATRIX, type TypeName } from './support/matrix';
import { prepareViewers, type Role, type Viewers } from './support/viewers';

// Field masks: a readable row whose private fields resolve to null for some viewers. Teachers'
// contact and employment details belong to the teacher and the admins; grades and performance to
// the student, their teachers, parents linked with can_view_grades and admins with can_view_reports.
// A masked field cannot be filtered or sorted on either, or a filter would reveal its value.

/** Every masked field, by type: the rule, checked against what the schema actually masks. */
const MASKED: Record<string, string[]> = {
  Teacher: ['email', 'phone'],
  TeacherProfile: ['defaultAvailability', 'maxHoursPerWeek', 'totalHoursTaught', 'hireDate'],
  Student: ['performanceData'],
  StudentProfile: ['performanceData'],
  IndividualSession: ['studentPerformance'],
  LearningSession: ['performanceMetrics', 'completionRate', 'accuracyRate'],
  SessionAttendance: ['participationScore'],
  WeeklyReport: ['subjectsProgress'], // its grade keys only (below)
};

/** Grade fields, and the SQL giving the student a row `t` belongs to. */
const GRADES: Array<[typeName: string, fields: string[], studentOf: string]> = [
  ['Student', ['performanceData'], 't.id'],
  ['StudentProfile', ['performanceData'], '(SELECT st.id FROM students st WHERE st.user_id = t.user_id)'],
  ['IndividualSession', ['studentPerformance'], 't.student_id'],
  ['LearningSession', ['performanceMetrics', 'completionRate', 'accuracyRate'], 't.student_id'],
  ['SessionAttendance', ['participationScore'], 't.student_id'],
];

/** Who sees the grades of the rows they can read: 'child' = per child, by can_view_grades. */
const GRADES_VISIBLE: Array<[Role, 'yes' | 'no' | 'child']> = [
  ['student', 'yes'],
  ['teacher', 'yes'],
  ['parent', 'child'],
  ['parentWithGrades', 'yes'],
  ['parentWithoutGrades', 'no'],
  ['admin', 'yes'],
  ['adminWithoutReports', 'no'],
  ['adminWithoutUserManagement', 'yes'],
];

function columnOf(typeName: string, field: string): string {
  return modelOf(typeName).fieldsByName.get(field)!.column;
}

type Row = Record<string, unknown> & { id: string };

/** Whether the row `t` belongs to a teacher account awaiting approval (listed to nobody else). */
const PENDING = `EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.status = 'pending') AS pending`;

describe('field masks', () => {
  let app: TestApp;
  let viewers: Viewers;
  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    viewers = await prepareViewers(app);
  });
  afterAll(async () => {
    await app.close();
  });

  async function list(role: Role, typeName: string, fields: string[]): Promise<Row[]> {
    const field = listFieldOf(typeName);
    const data = dataOf(await app.graphql<Record<string, { nodes: Row[] }>>(`{ ${field}(first: 100) { nodes { id ${fields.join(' ')} } } }`, {}, viewers.headers(role)));
    return data[field].nodes;
  }

  /** Stored values of the rows, keyed by id, under their GraphQL names. */
  async function stored(typeName: string, fields: string[], extra = ''): Promise<Map<string, Record<string, unknown>>> {
    const columns = fields.map((field) => `t.${columnOf(typeName, field)} AS "${field}"`).join(', ');
    const rows = await sql<Record<string, unknown> & { id: number }>(app, `SELECT t.id, ${columns} ${extra} FROM ${modelOf(typeName).table} t`);
    return new Map(rows.map((row) => [String(row.id), row]));
  }

  it('the masked fields are exactly those of the rules', () => {
    const masked = Object.fromEntries(
      MODELS.map((model) => [model.typeName, model.fields.filter((field) => field.masked).map((field) => field.name)]).filter(([, fields]) => fields.length > 0),
    );
    expect(masked).toEqual(MASKED);
  });

  it.each(['anonymous', 'student', 'parent', 'teacher'] as Role[])('%s sees teachers by name and rates, but the contact details of no other teacher', async (role) => {
    const fields = ['email', 'phone', 'firstName', 'lastName', 'hourlyRateOnline', 'hourlyRateInPerson', 'subjects'];
    const teachers = await list(role, 'Teacher', fields);
    const values = await stored('Teacher', fields, `, t.user_id AS "userId", ${PENDING}`);
    // Every teacher but the one awaiting approval (not listed).
    expect(teachers.map((teacher) => teacher.id).sort()).toEqual([...values].filter(([, row]) => !row.pending).map(([id]) => id).sort());
    for (const teacher of teachers) {
      const row = values.get(teacher.id)!;
      const own = row.userId === viewers.userId(role);
      expect(teacher).toEqual({
        id: teacher.id,
        email: own ? row.email : null,
        phone: own ? row.phone : null,
        firstName: row.firstName,
        lastName: row.lastName,
        hourlyRateOnline: row.hourlyRateOnline === null ? null : expect.anything(),
        hourlyRateInPerson: row.hourlyRateInPerson === null ? null : expect.anything(),
        subjects: row.subjects,
      });
    }
    if (role === 'teacher') expect(teachers.filter((teacher) => teacher.email !== null)).toHaveLength(1);
  });

  it.each(['anonymous', 'parent', 'teacher'] as Role[])("%s sees teacher profiles' bio, subjects and rating, not another teacher's private details", async (role) => {
    const open = ['bio', 'subjects', 'rating'];
    const closed = MASKED.TeacherProfile;
    const profiles = await list(role, 'TeacherProfile', [...open, ...closed]);
    const values = await stored('TeacherProfile', [...open, ...closed], `, t.user_id AS "userId", ${PENDING}`);
    expect(profiles.map((profile) => profile.id).sort()).toEqual([...values].filter(([, row]) => !row.pending).map(([id]) => id).sort());
    for (const profile of profiles) {
      const row = values.get(profile.id)!;
      const own = row.userId === viewers.userId(role);
      expect(profile).toEqual({
        id: profile.id,
        ...Object.fromEntries(open.map((field) => [field, row[field]])),
        ...Object.fromEntries(closed.map((field) => [field, own ? expect.anything() : null])),
      });
    }
  });

  it('admins see every teacher contact', async () => {
    for (const role of ['admin', 'adminWithoutReports', 'adminWithoutUserManagement'] as Role[]) {
      const teachers = await list(role, 'Teacher', ['email']);
      const values = await stored('Teacher', ['email']);
      expect(teachers.map((teacher) => teacher.email)).toEqual(teachers.map((teacher) => values.get(teacher.id)!.email));
    }
  });

  // Over the rows each viewer may read (the matrix gives no student profile to a teacher, nor to
  // an admin without can_manage_users).
  const GRADE_CASES = GRADES_VISIBLE.flatMap(([role, visible]) =>
    GRADES.filter(([typeName]) => MATRIX[role][typeName as TypeName] !== 'none').map(([typeName, fields, studentOf]) => [role, visible, typeName, fields, studentOf] as const),
  );

  it.each(GRADE_CASES)('%s (grades visible: %s) reads %s %j', async (role, visible, typeName, fields, studentOf) => {
    const rows = await list(role, typeName, fields);
    expect(rows.length).toBeGreaterThan(0);
    // Whether the row's student is a child of the viewer linked with can_view_grades.
    const graded = `, EXISTS (SELECT 1 FROM parent_child_relations r JOIN students c ON c.user_id = r.child_user_id
                               WHERE r.parent_user_id = ${viewers.userId(role)!} AND r.can_view_grades AND r.confirmed_at IS NOT NULL AND c.id = ${studentOf}) AS graded`;
    const values = await stored(typeName, fields, graded);
    let shown = 0;
    let hidden = 0;
    for (const row of rows) {
      const value = values.get(row.id)!;
      const show = visible === 'yes' || (visible === 'child' && value.graded === true);
      for (const field of fields) {
        expect([row.id, field, row[field]]).toEqual([row.id, field, show ? value[field] : null]);
        if (value[field] !== null) {
          if (show) shown += 1;
          else hidden += 1;
        }
      }
    }
    // Each case really shows, or really hides, stored values (both for the demo parent).
    if (visible !== 'no') expect(shown).toBeGreaterThan(0);
    if (visible !== 'yes') expect(hidden).toBeGreaterThan(0);
  });

  it('a parent sees performanceData of the child linked with can_view_grades, null for the child without', async () => {
    const students = await list('parent', 'Student', ['performanceData']);
    const links = await sql<{ id: number; grades: boolean; performanceData: unknown }>(
      app,
      `SELECT s.id, r.can_view_grades AS grades, s.performance_data AS "performanceData"
         FROM parent_child_relations r JOIN students s ON s.user_id = r.child_user_id WHERE r.parent_user_id = $1 AND r.confirmed_at IS NOT NULL ORDER BY s.id`,
      [viewers.userId('parent')],
    );
    expect(links.find((link) => link.grades && link.performanceData !== null)).toBeDefined();
    expect(links.find((link) => !link.grades && link.performanceData !== null)).toBeDefined();
    expect(students.map((student) => [Number(student.id), student.performanceData])).toEqual(
      links.map((link) => [link.id, link.grades ? link.performanceData : null]),
    );
  });

  // Filters and sort keys on masked fields do not exist: asking is a validation error, for every
  // viewer (the schema is the same for all), here the super admin who could read the values.
  it.each([
    ['{ teachers(filter: { email: { eq: "teacher@example.com" } }) { totalCount } }'],
    ['{ teachers(filter: { or: [{ phone: { isNull: false } }] }) { totalCount } }'],
    ['{ teachers(orderBy: [{ field: EMAIL }]) { totalCount } }'],
    ['{ teacherProfiles(filter: { hireDate: { lt: "2020-01-01" } }) { totalCount } }'],
    ['{ teacherProfiles(orderBy: [{ field: MAX_HOURS_PER_WEEK }]) { totalCount } }'],
    ['{ students(filter: { performanceData: { isNull: false } }) { totalCount } }'],
    ['{ studentProfiles(filter: { performanceData: { isNull: false } }) { totalCount } }'],
    ['{ individualSessions(filter: { studentPerformance: { gte: 4 } }) { totalCount } }'],
    ['{ students(first: 1) { nodes { individualSessions(filter: { studentPerformance: { gte: 4 } }) { totalCount } } } }'],
    ['{ learningSessions(filter: { not: { accuracyRate: { lt: 0.5 } } }) { totalCount } }'],
    ['{ learningSessions(orderBy: [{ field: COMPLETION_RATE }]) { totalCount } }'],
    ['{ sessionAttendances(filter: { participationScore: { gte: 8 } }) { totalCount } }'],
  ])('%s is a GraphQL validation error', async (query) => {
    const response = await app.graphql(query, {}, viewers.headers('admin'));
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.data).toBeUndefined();
  });
});
