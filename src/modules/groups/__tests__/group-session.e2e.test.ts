import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// Group sessions: the teacher (or an admin) plans them, the teacher takes attendance of the
// students enrolled; refused calls write nothing.

const PLAN = `mutation ($input: PlanGroupSessionInput!) {
  planGroupSession(input: $input) { id groupId subject scheduledAt durationMinutes format locationId status meetingUrl }
}`;
const MARK = `mutation ($input: MarkAttendanceInput!) {
  markAttendance(input: $input) { id sessionId studentId isPresent participationScore individualNotes }
}`;

type Response = Awaited<ReturnType<TestApp['graphql']>>;

describe('group sessions and attendance', () => {
  let app: TestApp;
  let teacher: string;
  let otherTeacher: string;
  let admin: string;
  let student: string;
  let groupId: string;
  let locationId: number;
  let closedLocationId: number;
  let enrolled: string[];
  let stranger: string;
  let day = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  function nextDay(): string {
    day += 1;
    return new Date(Date.UTC(2033, 0, 1, 16, 0) + day * 86_400_000).toISOString();
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }

  /** A session of the group that has taken place (planned, then moved to the past). */
  async function pastSession(): Promise<string> {
    const response = await app.graphql<{ planGroupSession: { id: string } }>(
      PLAN,
      { input: { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'ONLINE' } },
      as(teacher),
    );
    expect(response.errors).toBeUndefined();
    const id = response.data!.planGroupSession.id;
    // A distinct past time for each: two sessions of the group never overlap (excl_group_sessions_group_time).
    await app.dataSource.query(`UPDATE group_sessions SET scheduled_at = now() - make_interval(hours => 2 * $2) WHERE id = $1`, [Number(id), day]);
    return id;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    teacher = await app.signIn('teacher@example.com');
    admin = await app.signIn('admin@example.com');
    student = await app.signIn('student@example.com');
    const [other] = (await app.dataSource.query(
      `SELECT u.email FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email <> 'teacher@example.com' ORDER BY t.id LIMIT 1`,
    )) as Array<{ email: string }>;
    otherTeacher = await app.signIn(other.email);
    const [location] = (await app.dataSource.query(`INSERT INTO locations (name, capacity, is_active) VALUES ('Salle test', 12, true) RETURNING id`)) as Array<{ id: number }>;
    locationId = location.id;
    const [closed] = (await app.dataSource.query(`INSERT INTO locations (name, capacity, is_active) VALUES ('Salle fermée', 12, false) RETURNING id`)) as Array<{ id: number }>;
    closedLocationId = closed.id;
    const [group] = (await app.dataSource.query(
      `INSERT INTO groups (name, subject, level, teacher_id, default_location_id, current_students, supports_online)
       SELECT 'Groupe test', 'Mathématiques', 'terminale', t.id, $1, 2, true FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = 'teacher@example.com'
       RETURNING id`,
      [locationId],
    )) as Array<{ id: number }>;
    groupId = String(group.id);
    const students = (await app.dataSource.query('SELECT id FROM students ORDER BY id LIMIT 3')) as Array<{ id: number }>;
    const [formula] = (await app.dataSource.query('SELECT id FROM formulas ORDER BY id LIMIT 1')) as Array<{ id: number }>;
    for (const { id } of students.slice(0, 2)) {
      await app.dataSource.query(`INSERT INTO enrollments (student_id, formula_id, group_id, start_date, is_active) VALUES ($1, $2, $3, current_date, true)`, [
        id,
        formula.id,
        group.id,
      ]);
    }
    enrolled = students.slice(0, 2).map(({ id }) => String(id));
    stranger = String(students[2].id);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('planGroupSession', () => {
    it('the teacher plans an online session, an in-person one in the group’s room; an admin too', async () => {
      const online = await app.graphql<{ planGroupSession: Record<string, unknown> }>(
        PLAN,
        { input: { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'ONLINE' } },
        as(teacher),
      );
      expect(online.errors).toBeUndefined();
      expect(online.data!.planGroupSession).toMatchObject({ groupId, format: 'ONLINE', locationId: null, status: 'SCHEDULED', durationMinutes: 90 });
      expect(online.data!.planGroupSession.meetingUrl).toMatch(/^https:\/\//);
      const inPerson = await app.graphql<{ planGroupSession: Record<string, unknown> }>(
        PLAN,
        { input: { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 60, format: 'IN_PERSON' } },
        as(teacher),
      );
      // The group supports online: students may follow an in-person session by video too.
      expect(inPerson.data!.planGroupSession).toMatchObject({ format: 'IN_PERSON', locationId: String(locationId) });
      expect(inPerson.data!.planGroupSession.meetingUrl).toMatch(/^https:\/\//);
      const byAdmin = await app.graphql(PLAN, { input: { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 60, format: 'IN_PERSON', locationId: String(locationId) } }, as(admin));
      expect(byAdmin.errors).toBeUndefined();
    });

    it('validates every field and writes nothing when refused', async () => {
      const valid = { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'ONLINE' };
      const before = await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [Number(groupId)]);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ subject: '' }, 'input.subject'],
        [{ scheduledAt: new Date(Date.now() - 3600_000).toISOString() }, 'input.scheduledAt'],
        [{ durationMinutes: 5 }, 'input.durationMinutes'],
        [{ durationMinutes: 600 }, 'input.durationMinutes'],
        [{ locationId: String(locationId) }, 'input.locationId'], // ONLINE takes no room
        [{ format: 'IN_PERSON', locationId: String(closedLocationId) }, 'input.locationId'],
        [{ format: 'IN_PERSON', locationId: 'x' }, 'input.locationId'],
        [{ groupId: 'x' }, 'input.groupId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(PLAN, { input: { ...valid, ...override } }, as(teacher));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(codeOf(await app.graphql(PLAN, { input: { ...valid, groupId: '999999999' } }, as(teacher)))).toBe('NOT_FOUND');
      // An in-person session of a group without a room needs one.
      await app.dataSource.query('UPDATE groups SET default_location_id = NULL WHERE id = $1', [Number(groupId)]);
      const noRoom = await app.graphql(PLAN, { input: { ...valid, format: 'IN_PERSON' } }, as(teacher));
      await app.dataSource.query('UPDATE groups SET default_location_id = $2 WHERE id = $1', [Number(groupId), locationId]);
      expect(fieldsOf(noRoom)).toEqual(['input.locationId']);
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [Number(groupId)])).toBe(before);
    });

    it('refuses anyone but the group’s teacher and admins', async () => {
      const input = { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'ONLINE' };
      const before = await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [Number(groupId)]);
      expect(codeOf(await app.graphql(PLAN, { input }, anonymous))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql(PLAN, { input }, as(otherTeacher)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(PLAN, { input }, as(student)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM group_sessions WHERE group_id = $1', [Number(groupId)])).toBe(before);
    });
  });

  describe('markAttendance', () => {
    it('records each student, in the order given, and updates the records when marked again', async () => {
      const sessionId = await pastSession();
      const first = await app.graphql<{ markAttendance: Array<Record<string, unknown>> }>(
        MARK,
        {
          input: {
            sessionId,
            attendances: [
              { studentId: enrolled[1], isPresent: true, participationScore: 8, individualNotes: 'Très actif' },
              { studentId: enrolled[0], isPresent: false },
            ],
          },
        },
        as(teacher),
      );
      expect(first.errors).toBeUndefined();
      expect(first.data!.markAttendance).toMatchObject([
        { sessionId, studentId: enrolled[1], isPresent: true, participationScore: 8, individualNotes: 'Très actif' },
        { sessionId, studentId: enrolled[0], isPresent: false, participationScore: null, individualNotes: null },
      ]);
      const again = await app.graphql<{ markAttendance: Array<Record<string, unknown>> }>(
        MARK,
        { input: { sessionId, attendances: [{ studentId: enrolled[0], isPresent: true, participationScore: 5 }] } },
        as(teacher),
      );
      expect(again.data!.markAttendance).toEqual([expect.objectContaining({ id: first.data!.markAttendance[1].id, isPresent: true, participationScore: 5 })]);
      expect(await count('SELECT count(*) FROM session_attendances WHERE session_id = $1', [Number(sessionId)])).toBe(2);
    });

    it('validates the list, naming the index, and writes nothing when one entry is refused', async () => {
      const sessionId = await pastSession();
      const ok = { studentId: enrolled[0], isPresent: true };
      const cases: Array<[Record<string, unknown>, string, string?]> = [
        [{ attendances: [] }, 'input.attendances'],
        [{ attendances: [ok, { studentId: enrolled[1], isPresent: true, participationScore: 11 }] }, 'input.attendances', 'attendances[1].participationScore'],
        [{ attendances: [ok, { studentId: enrolled[1], isPresent: true, individualNotes: 'x'.repeat(2001) }] }, 'input.attendances', 'attendances[1].individualNotes'],
        [{ attendances: [ok, { studentId: stranger, isPresent: true }] }, 'input.attendances.1.studentId', 'not enrolled'],
        [{ attendances: [ok, ok] }, 'input.attendances.1.studentId', 'twice'],
        [{ attendances: [{ studentId: 'x', isPresent: true }] }, 'input.attendances.0.studentId'],
        [{ sessionId: 'x', attendances: [ok] }, 'input.sessionId'],
      ];
      for (const [override, field, message] of cases) {
        const response = await app.graphql(MARK, { input: { sessionId, ...override } }, as(teacher));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toEqual([field]);
        if (message) expect(response.errors![0].message).toContain(message);
      }
      expect(codeOf(await app.graphql(MARK, { input: { sessionId: '999999999', attendances: [ok] } }, as(teacher)))).toBe('NOT_FOUND');
      expect(await count('SELECT count(*) FROM session_attendances WHERE session_id = $1', [Number(sessionId)])).toBe(0);
    });

    it('refuses a session that has not started', async () => {
      const planned = await app.graphql<{ planGroupSession: { id: string } }>(
        PLAN,
        { input: { groupId, subject: 'Mathématiques', scheduledAt: nextDay(), durationMinutes: 90, format: 'ONLINE' } },
        as(teacher),
      );
      const sessionId = planned.data!.planGroupSession.id;
      const response = await app.graphql(MARK, { input: { sessionId, attendances: [{ studentId: enrolled[0], isPresent: true }] } }, as(teacher));
      expect(codeOf(response)).toBe('CONFLICT');
      expect(await count('SELECT count(*) FROM session_attendances WHERE session_id = $1', [Number(sessionId)])).toBe(0);
    });

    it('refuses anyone but the group’s teacher', async () => {
      const sessionId = await pastSession();
      const input = { sessionId, attendances: [{ studentId: enrolled[0], isPresent: true }] };
      expect(codeOf(await app.graphql(MARK, { input }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [otherTeacher, admin, student]) expect(codeOf(await app.graphql(MARK, { input }, as(token)))).toBe('FORBIDDEN');
      expect(await count('SELECT count(*) FROM session_attendances WHERE session_id = $1', [Number(sessionId)])).toBe(0);
    });
  });
});
