import { MemoryMailer } from '../../accounts/mailer';
import { unthrottled } from '../../accounts/__tests__/unthrottled';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// A parent–child link counts only once confirmed: until then the parent sees the pending link and
// nothing of the child, and cannot book for them. The child (or an admin with can_manage_users)
// confirms it. Refusals name the reason, never another's data, and write nothing.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const CONFIRM = 'mutation ($id: ID!) { confirmParentLink(input: { relationId: $id }) { id confirmedAt parentUserId childUserId } }';
const REQUEST = 'mutation ($email: EmailAddress!) { requestParentLink(input: { childEmail: $email, relationType: MOTHER }) }';
const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;
const CHILD_VIEW = `query ($studentId: ID!, $userId: ID!) {
  me { childRelations(first: 10) { totalCount nodes { id confirmedAt childUserId childUser { id email } } } }
  student(id: $studentId) { id fullName }
  user(id: $userId) { id email }
}`;

describe('parent–child links: pending until confirmed', () => {
  let app: TestApp;
  const mailer = new MemoryMailer();
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  let parentId: number;
  let link: { id: number; childUserId: number; studentId: number; childEmail: string };

  async function one<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  async function signInUser(userId: number): Promise<string> {
    return app.signIn((await one<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId])).email);
  }
  /**
   * A free future online slot of a teacher who teaches a subject, for booking attempts: at night
   * years ahead, where no seeded slot is (a time relative to now() met the seeded ones at some
   * hours of the day).
   */
  let slots = 0;
  async function freeSlot(): Promise<{ id: number; subject: string }> {
    slots += 1;
    return one(
      `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person, is_booked)
       SELECT t.id, timestamptz '2034-03-01 01:00Z' + ${slots} * interval '1 day', timestamptz '2034-03-01 02:00Z' + ${slots} * interval '1 day', false, false FROM teachers t
       WHERE jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1
       RETURNING id, (SELECT subjects->>0 FROM teachers WHERE id = teacher_id) AS subject`,
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null, services: { mailer, throttle: unthrottled() } });
    // One of the 12 seeded pending links, of an active parent, with every flag on (so that only the
    // confirmation is missing).
    link = await one(
      `SELECT r.id, r.child_user_id AS "childUserId", s.id AS "studentId", cu.email AS "childEmail" FROM parent_child_relations r
         JOIN users pu ON pu.id = r.parent_user_id JOIN users cu ON cu.id = r.child_user_id JOIN students s ON s.user_id = r.child_user_id
        WHERE r.confirmed_at IS NULL AND pu.status = 'active' ORDER BY r.id LIMIT 1`,
    );
    parentId = (await one<{ parentUserId: number }>('SELECT parent_user_id AS "parentUserId" FROM parent_child_relations WHERE id = $1', [link.id])).parentUserId;
    await app.dataSource.query('UPDATE parent_child_relations SET can_view_grades = true, can_book_sessions = true, can_receive_reports = true WHERE id = $1', [link.id]);
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows the parent the pending link, and nothing of the child: not the record, not the account', async () => {
    const parent = await signInUser(parentId);
    const response = await app.graphql<{ me: { childRelations: { nodes: Array<{ id: string; confirmedAt: string | null; childUser: unknown }> } } }>(
      CHILD_VIEW,
      { studentId: String(link.studentId), userId: String(link.childUserId) },
      as(parent),
    );
    const pending = response.data!.me.childRelations.nodes.find((node) => Number(node.id) === link.id)!;
    expect(pending).toMatchObject({ confirmedAt: null, childUser: null });
    const refused = response.errors!.map((error) => [error.path?.[0], error.extensions?.code]).sort();
    expect(refused).toEqual([
      ['student', 'FORBIDDEN'],
      ['user', 'FORBIDDEN'],
    ]);
    for (const list of ['students', 'assessments', 'weeklyReports', 'bookings']) {
      const page = await app.graphql<Record<string, { nodes: Array<{ studentId?: string; id: string }> }>>(
        `{ ${list}(first: 100${list === 'students' ? '' : `, filter: { studentId: { eq: "${link.studentId}" } }`}) { nodes { id } } }`,
        {},
        as(parent),
      );
      const ids = page.data![list].nodes.map((node) => Number(node.id));
      if (list === 'students') expect(ids).not.toContain(link.studentId);
      else expect([list, ids]).toEqual([list, []]);
    }
  });

  it('refuses to book for a child whose link is pending, saying so, and books nothing', async () => {
    const parent = await signInUser(parentId);
    const slot = await freeSlot();
    const before = await one('SELECT count(*)::int AS n FROM bookings');
    const response = await app.graphql(BOOK, { availabilityId: String(slot.id), studentId: String(link.studentId), subject: slot.subject }, as(parent));
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.errors![0].message).toMatch(/not confirmed yet/);
    expect(await one('SELECT count(*)::int AS n FROM bookings')).toEqual(before);
    expect(await one('SELECT is_booked FROM availabilities WHERE id = $1', [slot.id])).toEqual({ is_booked: false });
  });

  it('refuses the confirmation to the parent, another student, a teacher and an admin without can_manage_users, writing nothing', async () => {
    const other = await one<{ id: number }>(`SELECT id FROM users WHERE role = 'student' AND status = 'active' AND id <> $1 ORDER BY id LIMIT 1`, [link.childUserId]);
    const limitedAdmin = await one<{ id: number }>(
      `SELECT u.id FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND NOT a.is_super_admin ORDER BY u.id LIMIT 1`,
    );
    await app.dataSource.query('UPDATE admin_profiles SET can_manage_users = false WHERE user_id = $1', [limitedAdmin.id]);
    for (const userId of [parentId, other.id, limitedAdmin.id]) {
      const response = await app.graphql(CONFIRM, { id: String(link.id) }, as(await signInUser(userId)));
      expect([userId, codeOf(response)]).toEqual([userId, 'FORBIDDEN']);
    }
    expect(codeOf(await app.graphql(CONFIRM, { id: String(link.id) }, as(await app.signIn('teacher@example.com'))))).toBe('FORBIDDEN');
    expect(codeOf(await app.graphql(CONFIRM, { id: String(link.id) }, { authorization: '' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await app.graphql(CONFIRM, { id: '999999' }, as(await signInUser(link.childUserId))))).toBe('NOT_FOUND');
    const bad = await app.graphql(CONFIRM, { id: 'x' }, as(await signInUser(link.childUserId)));
    expect([codeOf(bad), bad.errors![0].extensions!.fields]).toEqual(['BAD_USER_INPUT', ['input.relationId']]);
    expect(await one('SELECT confirmed_at FROM parent_child_relations WHERE id = $1', [link.id])).toEqual({ confirmed_at: null });
  });

  it('the child confirms; from then on the parent sees the child and books for them; a second confirmation is CONFLICT', async () => {
    const child = await signInUser(link.childUserId);
    const confirmed = await app.graphql<{ confirmParentLink: { id: string; confirmedAt: string | null } }>(CONFIRM, { id: String(link.id) }, as(child));
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmParentLink.confirmedAt).not.toBeNull();
    expect(codeOf(await app.graphql(CONFIRM, { id: String(link.id) }, as(child)))).toBe('CONFLICT');

    const parent = await signInUser(parentId);
    const view = await app.graphql<{ student: { id: string }; user: { email: string } }>(CHILD_VIEW, { studentId: String(link.studentId), userId: String(link.childUserId) }, as(parent));
    expect(view.errors).toBeUndefined();
    expect(view.data!.student.id).toBe(String(link.studentId));
    expect(view.data!.user.email).toBe(link.childEmail);
    const slot = await freeSlot();
    const booked = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { availabilityId: String(slot.id), studentId: String(link.studentId), subject: slot.subject }, as(parent));
    expect(booked.errors).toBeUndefined();
  });

  it('an admin with can_manage_users confirms a link too', async () => {
    const [pending] = (await app.dataSource.query('SELECT id FROM parent_child_relations WHERE confirmed_at IS NULL ORDER BY id LIMIT 1')) as Array<{ id: number }>;
    const response = await app.graphql<{ confirmParentLink: { confirmedAt: string } }>(CONFIRM, { id: String(pending.id) }, as(await app.signIn('admin@example.com')));
    expect(response.errors).toBeUndefined();
    expect((await one<{ confirmed: boolean }>('SELECT confirmed_at IS NOT NULL AS confirmed FROM parent_child_relations WHERE id = $1', [pending.id])).confirmed).toBe(true);
  });

  it('requestParentLink answers true for any e-mail, creates a pending link only to a student account, and mails the student', async () => {
    const parent = await app.signIn('parent@example.com');
    const parentUser = await one<{ id: number }>(`SELECT id FROM users WHERE email = 'parent@example.com'`);
    const student = await one<{ id: number; email: string }>(
      `SELECT u.id, u.email FROM users u WHERE u.role = 'student' AND u.status = 'active'
         AND NOT EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.child_user_id = u.id AND r.parent_user_id = $1) ORDER BY u.id LIMIT 1`,
      [parentUser.id],
    );
    const before = await one<{ n: number }>('SELECT count(*)::int AS n FROM parent_child_relations');
    const answers = [];
    for (const email of ['nobody.here@example.com', 'teacher@example.com', student.email]) {
      answers.push(await app.graphql(REQUEST, { email }, as(parent)));
    }
    expect(answers.map((answer) => answer.data)).toEqual([{ requestParentLink: true }, { requestParentLink: true }, { requestParentLink: true }]);
    expect(await one('SELECT count(*)::int AS n FROM parent_child_relations')).toEqual({ n: before.n + 1 });
    expect(
      await one('SELECT relation_type, confirmed_at FROM parent_child_relations WHERE parent_user_id = $1 AND child_user_id = $2', [parentUser.id, student.id]),
    ).toEqual({ relation_type: 'mother', confirmed_at: null });
    expect(mailer.lastTo(student.email)).toBeDefined();
    expect(mailer.lastTo('teacher@example.com')).toBeUndefined();
    // Asked again: nothing more.
    await app.graphql(REQUEST, { email: student.email }, as(parent));
    expect(await one('SELECT count(*)::int AS n FROM parent_child_relations')).toEqual({ n: before.n + 1 });
    // Only parents ask.
    expect(codeOf(await app.graphql(REQUEST, { email: student.email }, as(await app.signIn('teacher@example.com'))))).toBe('FORBIDDEN');
  });
});
