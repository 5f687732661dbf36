import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Rules of user management over HTTP: super admins are protected (only a super admin changes
// another admin's account; the last active super admin never leaves ACTIVE, held by the service
// and by a trigger of the database), and self-registered teachers are PENDING until approved: not
// listed, unable to publish. Each refusal has its code and writes nothing.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const SET_STATUS = 'mutation ($userId: ID!, $status: UserStatus!) { setUserStatus(input: { userId: $userId, status: $status }) { id status } }';
const APPROVE = 'mutation ($userId: ID!) { approveTeacher(input: { userId: $userId }) { id status } }';
const PUBLISH = `mutation { publishAvailability(input: { startTime: "2031-03-01T09:00:00Z", endTime: "2031-03-01T10:00:00Z", isForInPerson: false, weeks: 1 }) { id } }`;
const LISTED = `query ($teacherId: ID!) {
  teachers(first: 100, filter: { id: { eq: $teacherId } }) { totalCount }
  availabilities(first: 100, filter: { teacherId: { eq: $teacherId } }) { totalCount }
  teacherProfiles(first: 100, filter: { teacherId: { eq: $teacherId } }) { totalCount }
}`;

describe('user management rules', () => {
  let app: TestApp;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;

  async function one<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }
  async function signInUser(userId: number): Promise<string> {
    return app.signIn((await one<{ email: string }>('SELECT email FROM users WHERE id = $1', [userId])).email);
  }
  async function accounts(): Promise<unknown> {
    return one(
      `SELECT md5(string_agg(concat_ws('|', u.id, u.status, a.is_super_admin), ',' ORDER BY u.id)) AS digest,
              (SELECT count(*) FROM user_sessions WHERE is_active IS TRUE)::int AS sessions
       FROM users u LEFT JOIN admin_profiles a ON a.user_id = u.id`,
    );
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
  });
  afterAll(async () => {
    await app.close();
  });

  describe('super admins are protected', () => {
    let superAdmin: number;
    let otherSuperAdmin: number;
    let manager: number;
    let otherAdmin: number;
    beforeAll(async () => {
      superAdmin = (await one<{ id: number }>(`SELECT id FROM users WHERE email = 'admin@example.com'`)).id;
      const admins = (await app.dataSource.query(
        `SELECT u.id, a.is_super_admin AS super FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND u.id <> $1 ORDER BY u.id`,
        [superAdmin],
      )) as Array<{ id: number; super: boolean }>;
      otherSuperAdmin = admins.find((admin) => admin.super)!.id;
      [manager, otherAdmin] = admins.filter((admin) => !admin.super).map((admin) => admin.id);
      // An admin who manages users, but is no super admin.
      await app.dataSource.query('UPDATE admin_profiles SET can_manage_users = true, is_super_admin = false WHERE user_id = $1', [manager]);
    });

    it("refuses an admin who is not a super admin any change of another admin's account (super or not), writing nothing", async () => {
      const token = await signInUser(manager);
      await signInUser(superAdmin); // a session the refused suspension must not close
      const before = await accounts();
      for (const target of [superAdmin, otherSuperAdmin, otherAdmin]) {
        for (const status of ['SUSPENDED', 'DEACTIVATED']) {
          const response = await app.graphql(SET_STATUS, { userId: String(target), status }, as(token));
          expect([target, status, codeOf(response), response.errors![0].message]).toEqual([target, status, 'FORBIDDEN', "Only a super admin changes another admin's account"]);
        }
      }
      expect(await accounts()).toEqual(before);
      // Other accounts are still theirs to manage.
      const parent = (await one<{ id: number }>(`SELECT id FROM users WHERE email = 'parent@example.com'`)).id;
      const suspended = await app.graphql<{ setUserStatus: { status: string } }>(SET_STATUS, { userId: String(parent), status: 'SUSPENDED' }, as(token));
      expect(suspended.data!.setUserStatus.status).toBe('SUSPENDED');
      await app.graphql(SET_STATUS, { userId: String(parent), status: 'ACTIVE' }, as(token));
    });

    it('two super admins suspending each other at once: one wins, the other is refused, one stays active', async () => {
      const [a, b] = [await signInUser(superAdmin), await signInUser(otherSuperAdmin)];
      const responses = await Promise.all([
        app.graphql(SET_STATUS, { userId: String(otherSuperAdmin), status: 'SUSPENDED' }, as(a)),
        app.graphql(SET_STATUS, { userId: String(superAdmin), status: 'SUSPENDED' }, as(b)),
      ]);
      const codes = responses.map((response) => codeOf(response) ?? 'OK');
      // The loser is CONFLICT (last active super admin) or, if the winner committed before it
      // started, UNAUTHENTICATED (its session was closed with its account).
      expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
      expect(['CONFLICT', 'UNAUTHENTICATED']).toContain(codes.find((code) => code !== 'OK'));
      const [active] = (await app.dataSource.query(
        `SELECT count(*)::int AS n FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND a.is_super_admin AND u.id = ANY($1::int[])`,
        [[superAdmin, otherSuperAdmin]],
      )) as Array<{ n: number }>;
      expect(active.n).toBe(1);
    });

    it('the database refuses to lose the last active super admin, whoever writes (here plain SQL)', async () => {
      // Whoever won the race above: admin@example.com is now the only active super admin.
      await app.dataSource.query(`UPDATE users SET status = 'active' WHERE id = $1`, [superAdmin]);
      await app.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [otherSuperAdmin]);
      const [last] = (await app.dataSource.query(
        `SELECT u.id FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND a.is_super_admin`,
      )) as Array<{ id: number }>;
      const [count] = (await app.dataSource.query(
        `SELECT count(*)::int AS n FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND a.is_super_admin`,
      )) as Array<{ n: number }>;
      expect(count.n).toBe(1);
      await expect(app.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [last.id])).rejects.toThrow(/last active super admin/);
      await expect(app.dataSource.query('UPDATE admin_profiles SET is_super_admin = false WHERE user_id = $1', [last.id])).rejects.toThrow(/last active super admin/);
      await expect(app.dataSource.query('DELETE FROM admin_profiles WHERE user_id = $1', [last.id])).rejects.toThrow(/last active super admin/);
      expect(await one('SELECT u.status, a.is_super_admin FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.id = $1', [last.id])).toEqual({
        status: 'active',
        is_super_admin: true,
      });
      // Another admin's changes are not held up by the rule.
      await app.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [otherAdmin]);
    });
  });

  describe('teachers are approved', () => {
    let pendingUser: number;
    let pendingTeacher: number;
    let token: string;
    beforeAll(async () => {
      // As register leaves a teacher: PENDING, with a profile and a teacher record, and a slot left from before.
      pendingUser = (
        await one<{ id: number }>(
          `INSERT INTO users (email, password_hash, first_name, last_name, role, status, email_verified)
           SELECT 'new.teacher@example.com', password_hash, 'Nadia', 'Nouvelle', 'teacher', 'pending', true FROM users WHERE email = 'teacher@example.com' RETURNING id`,
        )
      ).id;
      await app.dataSource.query(`INSERT INTO teacher_profiles (user_id, subjects) VALUES ($1, '[]'::jsonb)`, [pendingUser]);
      pendingTeacher = (
        await one<{ id: number }>(`INSERT INTO teachers (user_id, first_name, last_name, email) VALUES ($1, 'Nadia', 'Nouvelle', 'new.teacher@example.com') RETURNING id`, [pendingUser])
      ).id;
      await app.dataSource.query(
        `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person, is_booked) VALUES ($1, now() + interval '20 days', now() + interval '20 days 1 hour', false, false)`,
        [pendingTeacher],
      );
      token = await app.signIn('new.teacher@example.com');
    });

    it('a pending teacher signs in and sees their own record, but is listed to nobody else', async () => {
      const own = await app.graphql<{ teachers: { totalCount: number }; availabilities: { totalCount: number }; teacherProfiles: { totalCount: number } }>(
        LISTED.replace('teacherProfiles(first: 100, filter: { teacherId: { eq: $teacherId } }) { totalCount }', ''),
        { teacherId: String(pendingTeacher) },
        as(token),
      );
      expect(own.data).toEqual({ teachers: { totalCount: 1 }, availabilities: { totalCount: 1 } });
      const query = `query ($teacherId: ID!, $userId: ID!) { teachers(first: 100, filter: { id: { eq: $teacherId } }) { totalCount }
        availabilities(first: 100, filter: { teacherId: { eq: $teacherId } }) { totalCount } teacherProfiles(first: 100, filter: { userId: { eq: $userId } }) { totalCount } }`;
      for (const viewer of ['', `Bearer ${await app.signIn('student@example.com')}`, `Bearer ${await app.signIn('teacher@example.com')}`]) {
        const seen = await app.graphql(query, { teacherId: String(pendingTeacher), userId: String(pendingUser) }, { authorization: viewer });
        expect(seen.data).toEqual({ teachers: { totalCount: 0 }, availabilities: { totalCount: 0 }, teacherProfiles: { totalCount: 0 } });
      }
      const byId = await app.graphql(`{ teacher(id: "${pendingTeacher}") { id } }`, {}, { authorization: '' });
      expect(codeOf(byId)).toBe('FORBIDDEN');
      const admin = await app.graphql<{ teacher: { id: string } }>(`{ teacher(id: "${pendingTeacher}") { id } }`, {}, as(await app.signIn('admin@example.com')));
      expect(admin.data!.teacher.id).toBe(String(pendingTeacher));
    });

    it('a pending teacher cannot publish availabilities (FORBIDDEN, nothing written)', async () => {
      const before = await one('SELECT count(*)::int AS n FROM availabilities WHERE teacher_id = $1', [pendingTeacher]);
      const response = await app.graphql(PUBLISH, {}, as(token));
      expect(codeOf(response)).toBe('FORBIDDEN');
      expect(response.errors![0].message).toMatch(/awaits approval/);
      expect(await one('SELECT count(*)::int AS n FROM availabilities WHERE teacher_id = $1', [pendingTeacher])).toEqual(before);
    });

    it('approveTeacher refuses non-admins, admins without can_manage_users, non-teachers and teachers not pending, writing nothing', async () => {
      const limited = await one<{ id: number }>(
        `SELECT u.id FROM users u JOIN admin_profiles a ON a.user_id = u.id WHERE u.status = 'active' AND a.is_super_admin IS NOT TRUE AND a.can_manage_users IS NOT TRUE ORDER BY u.id LIMIT 1`,
      );
      const [teacher, limitedAdmin, admin] = [as(await app.signIn('teacher@example.com')), as(await signInUser(limited.id)), as(await app.signIn('admin@example.com'))];
      const before = await accounts();
      expect(codeOf(await app.graphql(APPROVE, { userId: String(pendingUser) }, { authorization: '' }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql(APPROVE, { userId: String(pendingUser) }, teacher))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(APPROVE, { userId: String(pendingUser) }, as(token)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(APPROVE, { userId: String(pendingUser) }, limitedAdmin))).toBe('FORBIDDEN');
      const parent = await one<{ id: number }>(`SELECT id FROM users WHERE email = 'parent@example.com'`);
      const notTeacher = await app.graphql(APPROVE, { userId: String(parent.id) }, admin);
      expect([codeOf(notTeacher), notTeacher.errors![0].extensions!.fields]).toEqual(['BAD_USER_INPUT', ['input.userId']]);
      const active = await one<{ id: number }>(`SELECT id FROM users WHERE email = 'teacher@example.com'`);
      expect(codeOf(await app.graphql(APPROVE, { userId: String(active.id) }, admin))).toBe('CONFLICT');
      expect(codeOf(await app.graphql(APPROVE, { userId: '999999' }, admin))).toBe('NOT_FOUND');
      expect(await accounts()).toEqual(before);
    });

    it('once approved, the teacher is listed with their slots and publishes', async () => {
      const approved = await app.graphql<{ approveTeacher: { status: string } }>(APPROVE, { userId: String(pendingUser) }, as(await app.signIn('admin@example.com')));
      expect(approved.data!.approveTeacher.status).toBe('ACTIVE');
      const seen = await app.graphql(LISTED.replace('teacherProfiles(first: 100, filter: { teacherId: { eq: $teacherId } }) { totalCount }', ''), { teacherId: String(pendingTeacher) }, {
        authorization: '',
      });
      expect(seen.data).toEqual({ teachers: { totalCount: 1 }, availabilities: { totalCount: 1 } });
      const published = await app.graphql<{ publishAvailability: Array<{ id: string }> }>(PUBLISH, {}, as(token));
      expect(published.errors).toBeUndefined();
      expect(published.data!.publishAvailability).toHaveLength(1);
    });

    it('setUserStatus from PENDING to ACTIVE approves a teacher too', async () => {
      const user = await one<{ id: number }>(
        `INSERT INTO users (email, password_hash, first_name, last_name, role, status, email_verified)
         VALUES ('second.teacher@example.com', 'x', 'Sami', 'Second', 'teacher', 'pending', true) RETURNING id`,
      );
      const teacher = await one<{ id: number }>(`INSERT INTO teachers (user_id, first_name, last_name, email) VALUES ($1, 'Sami', 'Second', 'second.teacher@example.com') RETURNING id`, [
        user.id,
      ]);
      const query = `{ teachers(filter: { id: { eq: "${teacher.id}" } }) { totalCount } }`;
      expect((await app.graphql(query, {}, { authorization: '' })).data).toEqual({ teachers: { totalCount: 0 } });
      const activated = await app.graphql<{ setUserStatus: { status: string } }>(SET_STATUS, { userId: String(user.id), status: 'ACTIVE' }, as(await app.signIn('admin@example.com')));
      expect(activated.data!.setUserStatus.status).toBe('ACTIVE');
      expect((await app.graphql(query, {}, { authorization: '' })).data).toEqual({ teachers: { totalCount: 1 } });
    });
  });
});
