import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// After booking: the teacher's report on a completed lesson, and moving a confirmed lesson to
// another slot of the same teacher. Refused calls leave the database as it was.

const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!, $inPerson: Boolean!) {
  publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: $inPerson, weeks: 1 }) { id }
}`;
const BOOK = `mutation ($availabilityId: ID!, $studentId: ID!, $subject: String!) {
  bookAvailability(input: { availabilityId: $availabilityId, studentId: $studentId, subject: $subject, format: ONLINE }) { id }
}`;
const REPORT = `mutation ($input: WriteSessionReportInput!) {
  writeSessionReport(input: $input) {
    id bookingId teacherId topicsCovered studentPerformance participationLevel comprehensionLevel teacherNotes homeworkAssigned
    nextSessionRecommendations parentFeedbackRequested booking { id sessionReport { id } }
  }
}`;
const RESCHEDULE = `mutation ($bookingId: ID!, $availabilityId: ID!) {
  rescheduleBooking(input: { bookingId: $bookingId, availabilityId: $availabilityId }) { id status startTime endTime availabilityId durationMinutes availability { id isBooked } }
}`;

type Response = Awaited<ReturnType<TestApp['graphql']>>;

describe('session reports and rescheduling', () => {
  let app: TestApp;
  let teacher: string;
  let otherTeacher: string;
  let admin: string;
  let student: string;
  let parent: string;
  let teacherId: number;
  let studentId: number;
  let subject: string;
  let otherSubject: string;
  let hour = 0;
  let pastHour = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const anonymous = { authorization: '' };

  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  function nextHour(): { start: string; end: string } {
    hour += 1;
    const start = new Date(Date.UTC(2032, 2, 1, 0, 0) + hour * 2 * 3600_000);
    return { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
  }

  async function publish(token: string, inPerson = false, time = nextHour()): Promise<string> {
    const response = await app.graphql<{ publishAvailability: Array<{ id: string }> }>(PUBLISH, { ...time, inPerson }, as(token));
    expect(response.errors).toBeUndefined();
    return response.data!.publishAvailability[0].id;
  }

  async function book(availabilityId: string, lessonSubject = subject): Promise<string> {
    const response = await app.graphql<{ bookAvailability: { id: string } }>(BOOK, { availabilityId, studentId: String(studentId), subject: lessonSubject }, as(student));
    expect(response.errors).toBeUndefined();
    return response.data!.bookAvailability.id;
  }

  /** A lesson of the teacher with the student that took place (in 2001, out of the way of anything else). */
  async function completedBooking(): Promise<string> {
    pastHour += 2;
    const [row] = (await app.dataSource.query(
      `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status)
       VALUES ($1, $2, timestamptz '2001-01-01T08:00:00Z' + make_interval(hours => $3), timestamptz '2001-01-01T09:00:00Z' + make_interval(hours => $3), 'online', $4, 'completed')
       RETURNING id`,
      [studentId, teacherId, pastHour, subject],
    )) as Array<{ id: number }>;
    return String(row.id);
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }

  async function bookingState(id: string) {
    const [row] = (await app.dataSource.query(
      `SELECT b.availability_id AS "availabilityId", b.start_time AS "startTime", b.status, a.is_booked AS "isBooked"
       FROM bookings b LEFT JOIN availabilities a ON a.id = b.availability_id WHERE b.id = $1`,
      [Number(id)],
    )) as Array<Record<string, unknown>>;
    return row;
  }

  async function isBooked(availabilityId: string): Promise<boolean> {
    const [row] = (await app.dataSource.query('SELECT is_booked FROM availabilities WHERE id = $1', [Number(availabilityId)])) as Array<{ is_booked: boolean }>;
    return row.is_booked;
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    teacher = await app.signIn('teacher@example.com');
    admin = await app.signIn('admin@example.com');
    student = await app.signIn('student@example.com');
    parent = await app.signIn('parent@example.com');
    const [own] = (await app.dataSource.query(
      `SELECT s.id AS "studentId", t.id AS "teacherId", t.subjects->>0 AS subject FROM students s, teachers t JOIN users tu ON tu.id = t.user_id
       WHERE s.user_id = (SELECT id FROM users WHERE email = 'student@example.com') AND tu.email = 'teacher@example.com'`,
    )) as Array<{ studentId: number; teacherId: number; subject: string }>;
    ({ studentId, teacherId, subject } = own);
    const [other] = (await app.dataSource.query(
      `SELECT u.email, t.subjects->>0 AS subject FROM teachers t JOIN users u ON u.id = t.user_id
       WHERE u.email <> 'teacher@example.com' AND jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1`,
    )) as Array<{ email: string; subject: string }>;
    otherTeacher = await app.signIn(other.email);
    otherSubject = other.subject;
  });
  afterAll(async () => {
    await app.close();
  });

  describe('writeSessionReport', () => {
    const full = {
      topicsCovered: ['Intégrales', 'Primitives'],
      studentPerformance: 4,
      participationLevel: 'HIGH',
      comprehensionLevel: 'MEDIUM',
      teacherNotes: 'Bon travail',
      homeworkAssigned: 'Exercices 12 à 15',
      nextSessionRecommendations: 'Intégration par parties',
      parentFeedbackRequested: true,
    };

    it('the teacher writes the report of a completed lesson; a second report is CONFLICT', async () => {
      const bookingId = await completedBooking();
      const response = await app.graphql<{ writeSessionReport: Record<string, unknown> }>(REPORT, { input: { bookingId, ...full } }, as(teacher));
      expect(response.errors).toBeUndefined();
      const report = response.data!.writeSessionReport;
      expect(report).toMatchObject({ ...full, bookingId, teacherId: String(teacherId), booking: { id: bookingId, sessionReport: { id: report.id } } });
      const again = await app.graphql(REPORT, { input: { bookingId, topicsCovered: ['Encore'], studentPerformance: 3 } }, as(teacher));
      expect(codeOf(again)).toBe('CONFLICT');
      expect(await count('SELECT count(*) FROM session_reports WHERE booking_id = $1', [Number(bookingId)])).toBe(1);
    });

    it('needs only the topics and the mark; the parents are not asked by default', async () => {
      const bookingId = await completedBooking();
      const response = await app.graphql<{ writeSessionReport: Record<string, unknown> }>(
        REPORT,
        { input: { bookingId, topicsCovered: ['Suites'], studentPerformance: 1 } },
        as(teacher),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.writeSessionReport).toMatchObject({ parentFeedbackRequested: false, participationLevel: null, teacherNotes: null });
    });

    it('validates every field and writes nothing when refused', async () => {
      const bookingId = await completedBooking();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ topicsCovered: [] }, 'input.topicsCovered'],
        [{ topicsCovered: [''] }, 'input.topicsCovered'],
        [{ topicsCovered: Array.from({ length: 21 }, (_, i) => `Sujet ${i}`) }, 'input.topicsCovered'],
        [{ studentPerformance: 0 }, 'input.studentPerformance'],
        [{ studentPerformance: 6 }, 'input.studentPerformance'],
        [{ teacherNotes: 'x'.repeat(5001) }, 'input.teacherNotes'],
        [{ homeworkAssigned: 'x'.repeat(2001) }, 'input.homeworkAssigned'],
        [{ nextSessionRecommendations: 'x'.repeat(2001) }, 'input.nextSessionRecommendations'],
        [{ bookingId: 'abc' }, 'input.bookingId'],
      ];
      for (const [override, field] of cases) {
        const response = await app.graphql(REPORT, { input: { bookingId, ...full, ...override } }, as(teacher));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(codeOf(await app.graphql(REPORT, { input: { ...full, bookingId: '999999999' } }, as(teacher)))).toBe('NOT_FOUND');
      expect(await count('SELECT count(*) FROM session_reports WHERE booking_id = $1', [Number(bookingId)])).toBe(0);
    });

    it('refuses a lesson that is not completed', async () => {
      const bookingId = await book(await publish(teacher));
      expect(codeOf(await app.graphql(REPORT, { input: { bookingId, ...full } }, as(teacher)))).toBe('CONFLICT');
      expect(await count('SELECT count(*) FROM session_reports WHERE booking_id = $1', [Number(bookingId)])).toBe(0);
    });

    it('refuses anyone but the teacher of the lesson', async () => {
      const bookingId = await completedBooking();
      expect(codeOf(await app.graphql(REPORT, { input: { bookingId, ...full } }, anonymous))).toBe('UNAUTHENTICATED');
      for (const token of [student, parent, otherTeacher, admin]) {
        expect(codeOf(await app.graphql(REPORT, { input: { bookingId, ...full } }, as(token)))).toBe('FORBIDDEN');
      }
      expect(await count('SELECT count(*) FROM session_reports WHERE booking_id = $1', [Number(bookingId)])).toBe(0);
    });
  });

  describe('rescheduleBooking', () => {
    it('the student moves a lesson: the old slot is freed, the new one taken, the times follow', async () => {
      const first = await publish(teacher);
      const target = nextHour();
      const second = await publish(teacher, false, target);
      const bookingId = await book(first);
      const response = await app.graphql<{ rescheduleBooking: Record<string, unknown> }>(RESCHEDULE, { bookingId, availabilityId: second }, as(student));
      expect(response.errors).toBeUndefined();
      expect(response.data!.rescheduleBooking).toMatchObject({
        id: bookingId,
        status: 'PENDING',
        startTime: target.start,
        endTime: target.end,
        availabilityId: second,
        durationMinutes: 60,
        availability: { id: second, isBooked: true },
      });
      expect(await isBooked(first)).toBe(false);
      // A parent allowed to book may move it too, and the teacher.
      const third = await publish(teacher);
      expect((await app.graphql(RESCHEDULE, { bookingId, availabilityId: third }, as(parent))).errors).toBeUndefined();
      const fourth = await publish(teacher);
      expect((await app.graphql(RESCHEDULE, { bookingId, availabilityId: fourth }, as(teacher))).errors).toBeUndefined();
      expect(await isBooked(second)).toBe(false);
      expect(await isBooked(third)).toBe(false);
      expect(await isBooked(fourth)).toBe(true);
    });

    it('a slot already taken is CONFLICT, and the old slot stays booked', async () => {
      const first = await publish(teacher);
      const taken = await publish(teacher);
      const bookingId = await book(first);
      await app.dataSource.query('UPDATE availabilities SET is_booked = true WHERE id = $1', [Number(taken)]);
      const before = await bookingState(bookingId);
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: taken }, as(student)))).toBe('CONFLICT');
      expect(await bookingState(bookingId)).toEqual(before);
      expect(before).toMatchObject({ availabilityId: Number(first), isBooked: true });
    });

    it('a time overlapping another lesson of the student is CONFLICT, and nothing changes', async () => {
      const first = await publish(teacher);
      const time = nextHour();
      const target = await publish(teacher, false, time);
      const elsewhere = await publish(otherTeacher, false, time);
      const bookingId = await book(first);
      await book(elsewhere, otherSubject);
      const before = await bookingState(bookingId);
      const response = await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, as(student));
      expect(codeOf(response)).toBe('CONFLICT');
      expect(await bookingState(bookingId)).toEqual(before);
      expect(await isBooked(target)).toBe(false);
    });

    it('validates the ids, the teacher and the format of the new slot', async () => {
      const first = await publish(teacher);
      const bookingId = await book(first);
      const otherTeachersSlot = await publish(otherTeacher);
      const inPerson = await publish(teacher, true);
      const free = await publish(teacher);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ availabilityId: otherTeachersSlot }, 'input.availabilityId'],
        [{ availabilityId: inPerson }, 'input.availabilityId'],
        [{ availabilityId: first }, 'input.availabilityId'],
        [{ availabilityId: 'abc' }, 'input.availabilityId'],
        [{ bookingId: '0' }, 'input.bookingId'],
      ];
      const before = await bookingState(bookingId);
      for (const [override, field] of cases) {
        const response = await app.graphql(RESCHEDULE, { bookingId, availabilityId: free, ...override }, as(student));
        expect([field, codeOf(response)]).toEqual([field, 'BAD_USER_INPUT']);
        expect(fieldsOf(response)).toContain(field);
      }
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: '999999999' }, as(student)))).toBe('NOT_FOUND');
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId: '999999999', availabilityId: free }, as(student)))).toBe('NOT_FOUND');
      expect(await bookingState(bookingId)).toEqual(before);
      expect(await count('SELECT count(*) FROM availabilities WHERE id = ANY($1) AND is_booked', [[otherTeachersSlot, inPerson, free].map(Number)])).toBe(0);
    });

    it('enforces the 24 h cut-off for students, not for the teacher; a cancelled booking cannot move', async () => {
      const first = await publish(teacher);
      const bookingId = await book(first);
      await app.dataSource.query(`UPDATE bookings SET start_time = now() + interval '2 hours', end_time = now() + interval '3 hours' WHERE id = $1`, [Number(bookingId)]);
      const target = await publish(teacher);
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, as(student)))).toBe('CONFLICT');
      expect(await isBooked(target)).toBe(false);
      expect((await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, as(teacher))).errors).toBeUndefined();
      const cancelled = await book(await publish(teacher));
      await app.graphql('mutation ($id: ID!) { cancelBooking(input: { bookingId: $id, reason: "Malade" }) { id } }', { id: cancelled }, as(student));
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId: cancelled, availabilityId: await publish(teacher) }, as(teacher)))).toBe('CONFLICT');
    });

    it('refuses callers who may not act for the student', async () => {
      const first = await publish(teacher);
      const bookingId = await book(first);
      const target = await publish(teacher);
      const before = await bookingState(bookingId);
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, anonymous))).toBe('UNAUTHENTICATED');
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, as(otherTeacher)))).toBe('FORBIDDEN');
      await app.dataSource.query(
        `UPDATE parent_child_relations SET can_book_sessions = false WHERE parent_user_id = (SELECT id FROM users WHERE email = 'parent@example.com')`,
      );
      expect(codeOf(await app.graphql(RESCHEDULE, { bookingId, availabilityId: target }, as(parent)))).toBe('FORBIDDEN');
      expect(await bookingState(bookingId)).toEqual(before);
      expect(await isBooked(target)).toBe(false);
    });
  });
});
