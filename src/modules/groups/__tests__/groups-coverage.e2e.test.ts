import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Coverage of createGroup, updateGroup, enrollInGroup and leaveGroup: success, each validation
// rule, unauthorized callers, and the groups and enrollments unchanged after every refusal.

type Response = Awaited<ReturnType<TestApp['graphql']>>;

const CREATE = 'mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id name currentStudents maxStudents defaultLocationId } }';
const UPDATE = 'mutation ($input: UpdateGroupInput!) { updateGroup(input: $input) { id name maxStudents teacherId } }';
const ENROLL = 'mutation ($input: EnrollInGroupInput!) { enrollInGroup(input: $input) { id groupId studentId isActive } }';
const LEAVE = 'mutation ($id: ID!) { leaveGroup(input: { enrollmentId: $id }) { id isActive endDate } }';

describe('group mutations: coverage', () => {
  let app: TestApp;
  let admin: string;
  let student: string;
  let parent: string;
  let teacher: string;
  let teacherId: string;
  let otherTeacherId: string;
  let locationId: string;
  let groupId: string;
  let formulaId: string;
  let ownStudentId: string;
  let strangerStudentId: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  /** Counts and digests of groups and enrollments: equal before and after means nothing was written. */
  async function state(): Promise<Record<string, unknown>> {
    const [row] = (await app.dataSource.query(
      `SELECT (SELECT count(*)::int FROM groups) AS groups, (SELECT md5(string_agg(g::text, ',' ORDER BY g.id)) FROM groups g) AS groups_digest,
              (SELECT count(*)::int FROM enrollments) AS enrollments, (SELECT md5(string_agg(e::text, ',' ORDER BY e.id)) FROM enrollments e) AS enrollments_digest`,
    )) as Array<Record<string, unknown>>;
    return row;
  }
  async function first<T>(sql: string, values: unknown[] = []): Promise<T> {
    return ((await app.dataSource.query(sql, values)) as T[])[0];
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    [admin, student, parent, teacher] = await Promise.all(['admin@example.com', 'student@example.com', 'parent@example.com', 'teacher@example.com'].map((email) => app.signIn(email)));
    const teachers = (await app.dataSource.query('SELECT id FROM teachers ORDER BY id LIMIT 2')) as Array<{ id: number }>;
    [teacherId, otherTeacherId] = teachers.map((row) => String(row.id));
    locationId = String((await first<{ id: number }>('SELECT id FROM locations WHERE is_active IS NOT FALSE ORDER BY id LIMIT 1')).id);
    // enrollInGroup wants a group formula of the group's level (TERMINALE, like student@example.com).
    formulaId = String((await first<{ id: number }>(`SELECT id FROM formulas WHERE type = 'group' AND level = 'terminale' ORDER BY id LIMIT 1`)).id);
    ownStudentId = String((await first<{ id: number }>(`SELECT id FROM students WHERE user_id = (SELECT id FROM users WHERE email = 'student@example.com')`)).id);
    strangerStudentId = String(
      (
        await first<{ id: number }>(
          `SELECT s.id FROM students s WHERE s.id <> $1 AND s.user_id IS NOT NULL AND s.grade_level = 'terminale' AND NOT EXISTS (SELECT 1 FROM parent_child_relations r WHERE r.child_user_id = s.user_id
             AND r.parent_user_id = (SELECT id FROM users WHERE email = 'parent@example.com')) ORDER BY s.id DESC LIMIT 1`,
          [Number(ownStudentId)],
        )
      ).id,
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const group = () => ({ name: 'Terminale Physique 2031', subject: 'Physique-Chimie', level: 'TERMINALE', maxStudents: 2, teacherId });

  describe('createGroup', () => {
    it('opens a group in a room', async () => {
      const response = await app.graphql<{ createGroup: { id: string } }>(
        CREATE,
        { input: { ...group(), defaultLocationId: locationId, supportsOnline: true, schedule: [{ day: 'wednesday', start: '14:00' }] } },
        as(admin),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.createGroup).toMatchObject({ name: 'Terminale Physique 2031', currentStudents: 0, maxStudents: 2, defaultLocationId: locationId });
      groupId = response.data!.createGroup.id;
    });

    it('refuses each invalid field and unknown references, writing nothing', async () => {
      const before = await state();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'x' }, 'input.name'],
        [{ name: 'x'.repeat(121) }, 'input.name'],
        [{ subject: '' }, 'input.subject'],
        [{ subject: 'x'.repeat(101) }, 'input.subject'],
        [{ maxStudents: 0 }, 'input.maxStudents'],
        [{ maxStudents: 61 }, 'input.maxStudents'],
        [{ teacherId: 'x' }, 'input.teacherId'],
        [{ defaultLocationId: 'x' }, 'input.defaultLocationId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(CREATE, { input: { ...group(), ...override } }, as(admin));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(codeOf(await app.graphql(CREATE, { input: { ...group(), teacherId: '999999999' } }, as(admin)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.graphql(CREATE, { input: { ...group(), defaultLocationId: '999999999' } }, as(admin)))).toBe('BAD_USER_INPUT');
      expect(await state()).toEqual(before);
    });

    it('refuses anonymous callers and non-admins (create and update), writing nothing', async () => {
      const before = await state();
      expect(codeOf(await app.graphql(CREATE, { input: group() }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [teacher, student, parent]) expect(codeOf(await app.graphql(CREATE, { input: group() }, as(token)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(UPDATE, { input: { id: groupId, name: 'Piraté' } }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [teacher, student, parent]) expect(codeOf(await app.graphql(UPDATE, { input: { id: groupId, name: 'Piraté' } }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
    });
  });

  describe('updateGroup', () => {
    it('renames the group, changes its places and its teacher', async () => {
      const response = await app.graphql<{ updateGroup: Record<string, unknown> }>(
        UPDATE,
        { input: { id: groupId, name: 'Terminale Physique B 2031', maxStudents: 3, teacherId: otherTeacherId } },
        as(admin),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.updateGroup).toEqual({ id: groupId, name: 'Terminale Physique B 2031', maxStudents: 3, teacherId: otherTeacherId });
    });

    it('refuses each invalid field, unknown ids and fewer places than students enrolled, writing nothing', async () => {
      const [full] = (await app.dataSource.query('SELECT id, current_students FROM groups WHERE current_students > 1 ORDER BY id LIMIT 1')) as Array<{ id: number; current_students: number }>;
      const before = await state();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ id: 'x' }, 'input.id'],
        [{ name: 'x' }, 'input.name'],
        [{ name: null }, 'input.name'],
        [{ maxStudents: 0 }, 'input.maxStudents'],
        [{ maxStudents: 61 }, 'input.maxStudents'],
        [{ teacherId: 'x' }, 'input.teacherId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(UPDATE, { input: { id: groupId, ...override } }, as(admin));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      expect(codeOf(await app.graphql(UPDATE, { input: { id: groupId, teacherId: '999999999' } }, as(admin)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.graphql(UPDATE, { input: { id: String(full.id), maxStudents: full.current_students - 1 } }, as(admin)))).toBe('BAD_USER_INPUT');
      expect(codeOf(await app.graphql(UPDATE, { input: { id: '999999999', name: 'Nouveau' } }, as(admin)))).toBe('NOT_FOUND');
      expect(await state()).toEqual(before);
    });
  });

  describe('enrollInGroup and leaveGroup', () => {
    let enrollmentId: string;

    it('a student enrolls themself, and leaves', async () => {
      const enrolled = await app.graphql<{ enrollInGroup: { id: string } }>(ENROLL, { input: { groupId, studentId: ownStudentId, formulaId } }, as(student));
      expect(enrolled.errors).toBeUndefined();
      expect(enrolled.data!.enrollInGroup).toMatchObject({ groupId, studentId: ownStudentId, isActive: true });
      expect(await first(`SELECT current_students FROM groups WHERE id = $1`, [Number(groupId)])).toEqual({ current_students: 1 });
      const left = await app.graphql<{ leaveGroup: { isActive: boolean } }>(LEAVE, { id: enrolled.data!.enrollInGroup.id }, as(student));
      expect(left.data!.leaveGroup.isActive).toBe(false);
      expect(await first(`SELECT current_students FROM groups WHERE id = $1`, [Number(groupId)])).toEqual({ current_students: 0 });
      // Leaving twice is refused, and changes nothing.
      const before = await state();
      expect(codeOf(await app.graphql(LEAVE, { id: enrolled.data!.enrollInGroup.id }, as(student)))).toBe('CONFLICT');
      expect(await state()).toEqual(before);
      const again = await app.graphql<{ enrollInGroup: { id: string } }>(ENROLL, { input: { groupId, studentId: ownStudentId, formulaId } }, as(student));
      enrollmentId = again.data!.enrollInGroup.id;
    });

    it('enrollInGroup refuses bad and unknown ids and a full group, leaving the place count as it was', async () => {
      const before = await state();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ groupId: 'x' }, 'input.groupId'],
        [{ studentId: '0' }, 'input.studentId'],
        [{ formulaId: 'x' }, 'input.formulaId'],
      ];
      const valid = { groupId, studentId: strangerStudentId, formulaId };
      for (const [override, field] of cases) {
        const response = await app.graphql(ENROLL, { input: { ...valid, ...override } }, as(admin));
        expect([field, codeOf(response), fieldsOf(response)]).toEqual([field, 'BAD_USER_INPUT', [field]]);
      }
      for (const override of [{ groupId: '999999999' }, { studentId: '999999999' }, { formulaId: '999999999' }]) {
        expect(codeOf(await app.graphql(ENROLL, { input: { ...valid, ...override } }, as(admin)))).toBe('NOT_FOUND');
      }
      await app.dataSource.query('UPDATE groups SET max_students = current_students WHERE id = $1', [Number(groupId)]);
      const full = await state();
      expect(codeOf(await app.graphql(ENROLL, { input: valid }, as(admin)))).toBe('CONFLICT');
      expect(await state()).toEqual(full);
      await app.dataSource.query('UPDATE groups SET max_students = 3 WHERE id = $1', [Number(groupId)]);
      expect({ ...(await state()), groups_digest: null }).toEqual({ ...before, groups_digest: null });
    });

    it('enrollInGroup refuses anonymous callers, teachers, and students or parents acting for someone else, writing nothing', async () => {
      const before = await state();
      const input = { groupId, studentId: strangerStudentId, formulaId };
      expect(codeOf(await app.graphql(ENROLL, { input }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [teacher, student, parent]) expect(codeOf(await app.graphql(ENROLL, { input }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
    });

    it('leaveGroup refuses a bad id, an unknown one, anonymous callers and others than the student, writing nothing', async () => {
      const before = await state();
      const bad = await app.graphql(LEAVE, { id: 'x' }, as(student));
      expect([codeOf(bad), fieldsOf(bad)]).toEqual(['BAD_USER_INPUT', ['input.enrollmentId']]);
      expect(codeOf(await app.graphql(LEAVE, { id: '999999999' }, as(student)))).toBe('NOT_FOUND');
      expect(codeOf(await app.graphql(LEAVE, { id: enrollmentId }, anonymous))).toBe('UNAUTHENTICATED');
      const outsider = await app.signIn(
        (await first<{ email: string }>(`SELECT u.email FROM users u JOIN students s ON s.user_id = u.id WHERE s.id = $1`, [Number(strangerStudentId)])).email,
      );
      for (const token of [teacher, outsider]) expect(codeOf(await app.graphql(LEAVE, { id: enrollmentId }, as(token)))).toBe('FORBIDDEN');
      expect(await state()).toEqual(before);
    });
  });
});
