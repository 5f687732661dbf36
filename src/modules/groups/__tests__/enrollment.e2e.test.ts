import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Group enrollment under concurrency: a group with N free places takes exactly N of N+10
// simultaneous enrollments, and current_students always equals the active enrollments.

const ENROLL = `mutation ($groupId: ID!, $studentId: ID!, $formulaId: ID!) {
  enrollInGroup(input: { groupId: $groupId, studentId: $studentId, formulaId: $formulaId }) { id groupId studentId isActive }
}`;

describe('group enrollment', () => {
  let app: TestApp;
  let groupId: number;
  let formulaId: number;
  let level: string;

  async function activeCount(): Promise<{ current: number; active: number }> {
    const [row] = (await app.dataSource.query(
      `SELECT g.current_students AS current, (SELECT count(*) FROM enrollments e WHERE e.group_id = g.id AND e.is_active) AS active FROM groups g WHERE g.id = $1`,
      [groupId],
    )) as Array<{ current: number; active: number }>;
    return { current: Number(row.current), active: Number(row.active) };
  }

  beforeAll(async () => {
    app = await startTestApp(); // as the super admin, who may enroll any student
    // A group with a room, and a group formula of its level (enrollInGroup checks both).
    const [group] = (await app.dataSource.query('SELECT id, level FROM groups WHERE default_location_id IS NOT NULL ORDER BY id LIMIT 1')) as Array<{ id: number; level: string }>;
    groupId = group.id;
    level = group.level;
    const [formula] = (await app.dataSource.query(`SELECT id FROM formulas WHERE type = 'group' AND level = $1 AND supports_in_person IS NOT FALSE ORDER BY id LIMIT 1`, [level])) as Array<{ id: number }>;
    formulaId = formula.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('N+10 concurrent enrollments into a group with N free places: exactly N succeed', async () => {
    const places = 5;
    const before = await activeCount();
    expect(before.current).toBe(before.active);
    await app.dataSource.query('UPDATE groups SET max_students = current_students + $2 WHERE id = $1', [groupId, places]);
    const students = (await app.dataSource.query(
      `SELECT id FROM students s WHERE s.grade_level = $3 AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.student_id = s.id AND e.group_id = $1 AND e.is_active) ORDER BY id LIMIT $2`,
      [groupId, places + 10, level],
    )) as Array<{ id: number }>;
    expect(students).toHaveLength(places + 10);
    const responses = await Promise.all(
      students.map((student) => app.graphql(ENROLL, { groupId: String(groupId), studentId: String(student.id), formulaId: String(formulaId) })),
    );
    expect(responses.filter((response) => !response.errors)).toHaveLength(places);
    expect(responses.filter((response) => response.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(10);
    const after = await activeCount();
    expect(after.active).toBe(before.active + places);
    expect(after.current).toBe(after.active);
  });

  it('refuses a second active enrollment of the same student, and unknown ids', async () => {
    await app.dataSource.query('UPDATE groups SET max_students = NULL WHERE id = $1', [groupId]);
    const [student] = (await app.dataSource.query(
      `SELECT e.student_id AS id FROM enrollments e JOIN students s ON s.id = e.student_id WHERE e.group_id = $1 AND e.is_active AND s.grade_level = $2 LIMIT 1`,
      [groupId, level],
    )) as Array<{ id: number }>;
    const before = await activeCount();
    const again = await app.graphql(ENROLL, { groupId: String(groupId), studentId: String(student.id), formulaId: String(formulaId) });
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await activeCount()).toEqual(before); // the place taken before the refusal was rolled back
    const unknown = await app.graphql(ENROLL, { groupId: '999999999', studentId: String(student.id), formulaId: String(formulaId) });
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('leaving frees the place', async () => {
    const [enrollment] = (await app.dataSource.query(`SELECT id FROM enrollments WHERE group_id = $1 AND is_active LIMIT 1`, [groupId])) as Array<{ id: number }>;
    const before = await activeCount();
    const response = await app.graphql<{ leaveGroup: { isActive: boolean } }>('mutation ($id: ID!) { leaveGroup(input: { enrollmentId: $id }) { isActive } }', {
      id: String(enrollment.id),
    });
    expect(response.data!.leaveGroup.isActive).toBe(false);
    expect(await activeCount()).toEqual({ current: before.current - 1, active: before.active - 1 });
  });

  it('refuses a student enrolling someone else', async () => {
    const token = await app.signIn('student@example.com');
    const [stranger] = (await app.dataSource.query(
      `SELECT id FROM students WHERE user_id IS DISTINCT FROM (SELECT id FROM users WHERE email = 'student@example.com') ORDER BY id DESC LIMIT 1`,
    )) as Array<{ id: number }>;
    const response = await app.graphql(ENROLL, { groupId: String(groupId), studentId: String(stranger.id), formulaId: String(formulaId) }, { authorization: `Bearer ${token}` });
    expect(response.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
