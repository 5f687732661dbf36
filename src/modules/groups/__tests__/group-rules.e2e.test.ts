import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// The rules of groups (issue 11): a student joins a group under a group formula of the group's
// level, of their own level, that allows a way the group meets; a group session is of the
// group's subject, online only where the group supports it, and never overlaps another session
// of the group or another lesson of its teacher (the database refuses it, even under
// concurrency). Each refusal leaves nothing behind.

const ENROLL = `mutation ($input: EnrollInGroupInput!) { enrollInGroup(input: $input) { id groupId studentId formulaId isActive } }`;
const PLAN = `mutation ($input: PlanGroupSessionInput!) { planGroupSession(input: $input) { id groupId subject scheduledAt format } }`;

type Response = Awaited<ReturnType<TestApp['graphql']>>;

describe('group rules', () => {
  let app: TestApp;
  let admin: string;
  let teacher: string;
  let teacherId: number;
  let terminaleStudent: number;
  let secondeStudent: number;
  let day = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  function nextDay(): string {
    day += 1;
    return new Date(Date.UTC(2034, 0, 1, 16, 0) + day * 86_400_000).toISOString();
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }

  async function insertId(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ id: number }>;
    return row.id;
  }

  /** A group of the teacher; `online`: supportsOnline; `room`: a default room. */
  function group(level: string, options: { online?: boolean; room?: boolean; subject?: string } = {}): Promise<number> {
    return insertId(
      `INSERT INTO groups (name, subject, level, max_students, current_students, teacher_id, default_location_id, supports_online)
       VALUES ('Groupe règles', $1, $2, 10, 0, $3, CASE WHEN $4 THEN (SELECT min(id) FROM locations WHERE is_active) END, $5) RETURNING id`,
      [options.subject ?? 'Mathématiques', level, teacherId, options.room ?? true, options.online ?? false],
    );
  }

  function formula(type: string, level: string, online = true, inPerson = true): Promise<number> {
    return insertId(
      `INSERT INTO formulas (name, type, level, price_dt, hours_per_month, supports_online, supports_in_person)
       VALUES ('Formule règles', $1, $2, 100, 8, $3, $4) RETURNING id`,
      [type, level, online, inPerson],
    );
  }

  const enroll = (groupId: number, studentId: number, formulaId: number) =>
    app.graphql(ENROLL, { input: { groupId: String(groupId), studentId: String(studentId), formulaId: String(formulaId) } }, as(admin));

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
    teacher = await app.signIn('teacher@example.com');
    teacherId = await insertId(`SELECT t.id FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'`);
    terminaleStudent = await insertId(`SELECT id FROM students WHERE grade_level = 'terminale' ORDER BY id LIMIT 1`);
    secondeStudent = await insertId(`SELECT id FROM students WHERE grade_level = 'seconde' ORDER BY id LIMIT 1`);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('enrollInGroup', () => {
    it('enrolls a student of the group’s level under a group formula of that level', async () => {
      const groupId = await group('terminale');
      const response = await enroll(groupId, terminaleStudent, await formula('group', 'terminale'));
      expect(response.errors).toBeUndefined();
      expect(response.data!.enrollInGroup).toMatchObject({ groupId: String(groupId), studentId: String(terminaleStudent), isActive: true });
      expect(await count('SELECT current_students AS count FROM groups WHERE id = $1', [groupId])).toBe(1);
    });

    it.each([
      ['an INDIVIDUAL formula', 'terminale', 'individual', 'terminale', true, true, false, 'input.formulaId', /type INDIVIDUAL is not for groups/],
      ['an ONLINE_PACK formula', 'terminale', 'online_pack', 'terminale', true, true, false, 'input.formulaId', /type ONLINE_PACK is not for groups/],
      ['an INTENSIVE formula', 'terminale', 'intensive', 'terminale', true, true, false, 'input.formulaId', /type INTENSIVE is not for groups/],
      ['a formula of another level', 'terminale', 'group', 'seconde', true, true, false, 'input.formulaId', /formula is for SECONDE and the group for TERMINALE/],
      ['a student of another level', 'seconde', 'group', 'terminale', true, true, false, 'input.groupId', /group is for TERMINALE students and the student is in SECONDE/],
      ['an online-only formula for a group that meets in person only', 'terminale', 'group', 'terminale', true, false, false, 'input.formulaId', /no way to follow it/],
      ['an in-person-only formula for an online group without a room', 'terminale', 'group', 'terminale', false, true, true, 'input.formulaId', /no way to follow it/],
    ])('refuses %s with BAD_USER_INPUT, writing nothing', async (_case, studentLevel, type, formulaLevel, formulaOnline, formulaInPerson, onlineGroup, field, message) => {
      const groupId = onlineGroup ? await group('terminale', { online: true, room: false }) : await group('terminale');
      const studentId = studentLevel === 'terminale' ? terminaleStudent : secondeStudent;
      const response = await enroll(groupId, studentId, await formula(type as string, formulaLevel as string, formulaOnline as boolean, formulaInPerson as boolean));
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual([field]);
      expect(response.errors![0].message).toMatch(message as RegExp);
      expect(await count('SELECT count(*) FROM enrollments WHERE group_id = $1', [groupId])).toBe(0);
      expect(await count('SELECT current_students AS count FROM groups WHERE id = $1', [groupId])).toBe(0);
    });

    it('accepts an online-only group formula for a group that supports online', async () => {
      const groupId = await group('terminale', { online: true });
      const response = await enroll(groupId, terminaleStudent, await formula('group', 'terminale', true, false));
      expect(response.errors).toBeUndefined();
      expect(await count('SELECT count(*) FROM enrollments WHERE group_id = $1 AND student_id = $2 AND is_active', [groupId, terminaleStudent])).toBe(1);
    });

    it('does not compare the group’s subject with the student’s preferred subjects (a preference, not a rule; formulas have no subject)', async () => {
      const groupId = await group('terminale', { subject: 'Philosophie' });
      const [student] = (await app.dataSource.query(
        `SELECT id FROM students WHERE grade_level = 'terminale' AND id <> $1 AND NOT coalesce(preferred_subjects, '[]'::jsonb) ? 'Philosophie' ORDER BY id LIMIT 1`,
        [terminaleStudent],
      )) as Array<{ id: number }>;
      const response = await enroll(groupId, student.id, await formula('group', 'terminale'));
      expect(response.errors).toBeUndefined();
      expect(await count('SELECT current_students AS count FROM groups WHERE id = $1', [groupId])).toBe(1);
    });
  });

  describe('planGroupSession', () => {
    const plan = (groupId: number, overrides: Record<string, unknown> = {}, token = teacher) =>
      app.graphql<{ planGroupSession: { id: string } }>(
        PLAN,
        { input: { groupId: String(groupId), subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'IN_PERSON', ...overrides } },
        as(token),
      );

    it('refuses ONLINE for a group that does not support online, naming input.format', async () => {
      const groupId = await group('terminale');
      const response = await plan(groupId, { format: 'ONLINE' });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual(['input.format']);
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [groupId])).toBe(0);
      const online = await plan(await group('terminale', { online: true }), { format: 'ONLINE' });
      expect(online.errors).toBeUndefined();
    });

    it('refuses a subject the group does not teach, naming input.subject (case and spaces aside)', async () => {
      const groupId = await group('terminale');
      const response = await plan(groupId, { subject: 'NSI' });
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual(['input.subject']);
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [groupId])).toBe(0);
      expect((await plan(groupId, { subject: ' mathématiques ' })).errors).toBeUndefined();
    });

    it('refuses a session overlapping another of the group (CONFLICT), accepts one right after it', async () => {
      const groupId = await group('terminale');
      const at = nextDay();
      expect((await plan(groupId, { scheduledAt: at })).errors).toBeUndefined();
      const overlapping = await plan(groupId, { scheduledAt: new Date(Date.parse(at) + 30 * 60_000).toISOString() });
      expect(codeOf(overlapping)).toBe('CONFLICT');
      expect(overlapping.errors![0].message).toMatch(/group already has a session/);
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [groupId])).toBe(1);
      expect((await plan(groupId, { scheduledAt: new Date(Date.parse(at) + 90 * 60_000).toISOString() })).errors).toBeUndefined();
    });

    it('refuses a session at a time the teacher has a booking or an individual session (CONFLICT)', async () => {
      const groupId = await group('terminale');
      const bookedAt = nextDay();
      await app.dataSource.query(
        `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status) VALUES ($1, $2, $3, $3::timestamptz + interval '1 hour', 'online', 'Mathématiques', 'confirmed')`,
        [terminaleStudent, teacherId, bookedAt],
      );
      const overBooking = await plan(groupId, { scheduledAt: new Date(Date.parse(bookedAt) - 30 * 60_000).toISOString() });
      expect(codeOf(overBooking)).toBe('CONFLICT');
      expect(overBooking.errors![0].message).toMatch(/teacher already has a lesson/);
      const lessonAt = nextDay();
      await app.dataSource.query(
        `INSERT INTO individual_sessions (student_id, teacher_id, subject, scheduled_at, duration_minutes, format, status) VALUES ($1, $2, 'Mathématiques', $3, 60, 'online', 'scheduled')`,
        [terminaleStudent, teacherId, lessonAt],
      );
      const overLesson = await plan(groupId, { scheduledAt: lessonAt });
      expect(codeOf(overLesson)).toBe('CONFLICT');
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [groupId])).toBe(0);
    });

    it('under concurrency, of 6 plans into one time (3 groups of one teacher, 2 each) exactly one wins', async () => {
      const groups = [await group('terminale'), await group('terminale'), await group('premiere')];
      const at = nextDay();
      const responses = await Promise.all([...groups, ...groups].map((groupId) => plan(groupId, { scheduledAt: at, format: 'IN_PERSON' }, admin)));
      expect(responses.filter((response) => !response.errors)).toHaveLength(1);
      expect(responses.filter((response) => codeOf(response) === 'CONFLICT')).toHaveLength(5);
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = ANY($1::int[])', [groups])).toBe(1);
    });
  });
});
