import { useMatrixApp } from './support/matrix-app';
import { MODELS } from '../../src/graphql/models';
import type { TestApp } from '../support/test-app';
import { allIds, dataOf, difference, Expectations, readRootList, sql } from './support/harness';
import { MATRIX, TYPE_NAMES, type Rule, type TypeName } from './support/matrix';
import { FIRST_PAST_STUDENT_OF_DEMO_TEACHER, LAST_STUDENT_OF_DEMO_TEACHER, ROLE_DESCRIPTIONS, ROLES, type Role, type Viewers } from './support/viewers';

// (a) Root lists: for every role and every type, the ids a root list returns over all its pages,
// and its totalCount, are exactly the ids the matrix's SQL selects.

const LINKS = 'FROM parent_child_relations WHERE parent_user_id = $1';
const ADMIN_FLAGS = 'FROM admin_profiles WHERE user_id = $1';
const ROLE_FACTS: Record<Exclude<Role, 'anonymous'>, string> = {
  student: `EXISTS (SELECT 1 FROM students WHERE user_id = $1)`,
  parent: `EXISTS (SELECT 1 ${LINKS} AND can_view_grades AND can_receive_reports) AND EXISTS (SELECT 1 ${LINKS} AND NOT can_view_grades AND NOT can_receive_reports)`,
  parentWithGrades: `(SELECT bool_and(can_view_grades AND can_receive_reports) ${LINKS})`,
  parentWithoutGrades: `(SELECT bool_and(NOT can_view_grades AND NOT can_receive_reports AND can_book_sessions) ${LINKS})`,
  parentWithPendingLinks: `(SELECT bool_and(confirmed_at IS NULL) ${LINKS})`,
  teacher:
    `NOT EXISTS (SELECT 1 FROM bookings b JOIN teachers t ON t.id = b.teacher_id WHERE t.user_id = $1 AND b.student_id > ${LAST_STUDENT_OF_DEMO_TEACHER}) AND ` +
    // Past pupils: booked with the teacher (cancelled since), so the time rule is what leaves them out.
    `EXISTS (SELECT 1 FROM bookings b JOIN teachers t ON t.id = b.teacher_id WHERE t.user_id = $1 AND b.student_id BETWEEN ${FIRST_PAST_STUDENT_OF_DEMO_TEACHER} AND ${LAST_STUDENT_OF_DEMO_TEACHER}) AND ` +
    // ...and given lessons more than three months ago (not cancelled), so the time limit is what leaves them out.
    `EXISTS (SELECT 1 FROM bookings b JOIN teachers t ON t.id = b.teacher_id WHERE t.user_id = $1 AND b.status = 'completed' AND b.start_time < now() - interval '3 months' AND b.student_id BETWEEN ${FIRST_PAST_STUDENT_OF_DEMO_TEACHER} AND ${LAST_STUDENT_OF_DEMO_TEACHER}) AND ` +
    `EXISTS (SELECT 1 FROM individual_sessions i JOIN teachers t ON t.id = i.teacher_id WHERE t.user_id = $1 AND i.status = 'completed' AND i.scheduled_at < now() - interval '3 months' AND i.student_id BETWEEN ${FIRST_PAST_STUDENT_OF_DEMO_TEACHER} AND ${LAST_STUDENT_OF_DEMO_TEACHER})`,
  pendingTeacher: `(SELECT status = 'pending' AND role = 'teacher' FROM users WHERE id = $1)`,
  admin: `(SELECT is_super_admin ${ADMIN_FLAGS})`,
  adminWithoutReports: `(SELECT NOT is_super_admin AND can_manage_users AND NOT can_view_reports ${ADMIN_FLAGS})`,
  adminWithoutUserManagement: `(SELECT NOT is_super_admin AND NOT can_manage_users AND can_view_reports ${ADMIN_FLAGS})`,
};

function reads(rule: Rule): string {
  return rule === 'all' ? 'every' : rule === 'none' ? 'no' : 'some';
}

const CASES = ROLES.flatMap((role) => TYPE_NAMES.map((typeName) => [role, reads(MATRIX[role][typeName]), typeName] as [Role, string, TypeName]));

describe('permission matrix: root lists', () => {
  let app: TestApp;
  let viewers: Viewers;
  let expectations: Expectations;
  useMatrixApp((matrix) => ({ app, viewers, expectations } = matrix));

  it('the matrix covers the 25 types of the schema', () => {
    expect([...TYPE_NAMES].sort()).toEqual(MODELS.map((model) => model.typeName).sort());
  });

  // The roles are what their names say, so the matrix's rows mean what they claim.
  it.each(ROLES.map((role) => [role, ROLE_DESCRIPTIONS[role]]))('%s is %s', async (role) => {
    const { me } = dataOf(await app.graphql<{ me: { id: string } | null }>('{ me { id } }', {}, viewers.headers(role)));
    expect(me === null ? null : Number(me.id)).toBe(viewers.userId(role));
    if (role === 'anonymous') return;
    const [fact] = await sql<{ holds: boolean }>(app, `SELECT (${ROLE_FACTS[role]}) AS holds`, [viewers.userId(role)]);
    expect(fact.holds).toBe(true);
  });

  it.each(CASES)('%s reads %s %s', async (role, _reads, typeName) => {
    const rule = MATRIX[role][typeName];
    const expected = await expectations.ids(role, typeName);
    if (rule !== 'all' && rule !== 'none') {
      // A condition that selects nothing, or everything, would prove nothing.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan((await allIds(app, typeName)).length);
    }
    const { ids, totalCount } = await readRootList(app, viewers.headers(role), typeName);
    expect(difference(ids, expected)).toEqual({ missing: [], unexpected: [] });
    expect(ids).toEqual(expected); // in id order, each once
    expect(totalCount).toBe(expected.length);
  });
});
