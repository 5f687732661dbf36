import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { familySql } from './family-sql';

// A pending link gives nothing of the child's follow-up either (issue 11, "a parent–child link
// counts only once confirmed"): the parent cannot write to the child's teachers, the teachers
// cannot write to the parent, and a weekly report is not sent to a parent whose link is pending.
// Once the child confirms the link, all three work. Refusals write nothing.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const MESSAGE = `mutation ($studentId: ID!, $to: ID!) {
  sendParentMessage(input: { studentId: $studentId, recipientUserId: $to, subject: "Suivi", message: "Bonjour" }) { id senderId recipientId }
}`;
const REPORT = `mutation ($studentId: ID!) { sendWeeklyReport(input: { studentId: $studentId, weekStartDate: "2026-11-30" }) { id isSentToParents } }`;
const CONFIRM = 'mutation ($id: ID!) { confirmParentLink(input: { relationId: $id }) { id } }';

describe('a pending link and the child’s follow-up', () => {
  let app: TestApp;
  let family: { studentId: number; childUserId: number; parentUserId: number; teacherUserId: number; relationId: number };
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;

  const { one, tokenOf } = familySql(() => app);
  const messages = async () => (await one<{ n: number }>('SELECT count(*)::int AS n FROM parent_communications WHERE student_id = $1', [family.studentId])).n;

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    // A student with an account, a parent (active, verified) and a group teacher who teaches them now.
    family = await one(
      `SELECT s.id AS "studentId", s.user_id AS "childUserId", r.parent_user_id AS "parentUserId", tu.id AS "teacherUserId", r.id AS "relationId"
         FROM students s
         JOIN users su ON su.id = s.user_id AND su.status = 'active' AND su.email_verified
         JOIN parent_child_relations r ON r.child_user_id = s.user_id
         JOIN users pu ON pu.id = r.parent_user_id AND pu.status = 'active' AND pu.email_verified
         JOIN enrollments e ON e.student_id = s.id AND e.is_active
         JOIN groups g ON g.id = e.group_id JOIN teachers t ON t.id = g.teacher_id
         JOIN users tu ON tu.id = t.user_id AND tu.status = 'active' AND tu.email_verified
        ORDER BY s.id LIMIT 1`,
    );
    // Every link of the child pending, each with every flag (only the confirmation is missing).
    await app.dataSource.query(
      'UPDATE parent_child_relations SET confirmed_at = NULL, can_view_grades = true, can_book_sessions = true, can_receive_reports = true WHERE child_user_id = $1',
      [family.childUserId],
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses messages both ways and sends the report to no parent while the link is pending, writing no message', async () => {
    const before = await messages();
    const fromParent = await app.graphql(MESSAGE, { studentId: String(family.studentId), to: String(family.teacherUserId) }, as(await tokenOf(family.parentUserId)));
    expect(codeOf(fromParent)).toBe('FORBIDDEN');
    expect(fromParent.errors![0].message).toMatch(/not confirmed yet/);
    const fromTeacher = await app.graphql(MESSAGE, { studentId: String(family.studentId), to: String(family.parentUserId) }, as(await tokenOf(family.teacherUserId)));
    expect([codeOf(fromTeacher), fromTeacher.errors![0].extensions!.fields]).toEqual(['BAD_USER_INPUT', ['input.recipientUserId']]);
    expect(await messages()).toBe(before);

    const report = await app.graphql<{ sendWeeklyReport: { id: string; isSentToParents: boolean } }>(REPORT, { studentId: String(family.studentId) }, as(await app.signIn('admin@example.com')));
    expect(report.errors).toBeUndefined();
    expect(report.data!.sendWeeklyReport.isSentToParents).toBe(false);
    expect(await one('SELECT is_sent_to_parents FROM weekly_reports WHERE id = $1', [Number(report.data!.sendWeeklyReport.id)])).toEqual({ is_sent_to_parents: false });
  });

  it('once the child confirms, the parent and the teacher write to each other and the report is sent', async () => {
    expect((await app.graphql(CONFIRM, { id: String(family.relationId) }, as(await tokenOf(family.childUserId)))).errors).toBeUndefined();
    const before = await messages();
    const fromParent = await app.graphql(MESSAGE, { studentId: String(family.studentId), to: String(family.teacherUserId) }, as(await tokenOf(family.parentUserId)));
    expect(fromParent.errors).toBeUndefined();
    const fromTeacher = await app.graphql(MESSAGE, { studentId: String(family.studentId), to: String(family.parentUserId) }, as(await tokenOf(family.teacherUserId)));
    expect(fromTeacher.errors).toBeUndefined();
    expect(await messages()).toBe(before + 2);
    const report = await app.graphql<{ sendWeeklyReport: { isSentToParents: boolean } }>(REPORT, { studentId: String(family.studentId) }, as(await app.signIn('admin@example.com')));
    expect(report.data!.sendWeeklyReport.isSentToParents).toBe(true);
  });
});
