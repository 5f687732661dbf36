import { startTestApp, type TestApp } from '../../../../test/support/test-app';

// The rules of slots, bookings and rooms (issue 11), over HTTP on real PostgreSQL: slot length,
// withdrawing a slot, a reschedule keeps the lesson's length, the teacher confirms, declines and
// records no-shows, online bookings get a passcode that a cancellation removes, the author edits
// a session report, a room never holds more than its capacity (even under concurrency), and
// freeLocations lists the rooms free for a range. Each refusal leaves nothing behind.

const PUBLISH = `mutation ($start: DateTime!, $end: DateTime!, $inPerson: Boolean!) {
  publishAvailability(input: { startTime: $start, endTime: $end, isForInPerson: $inPerson, weeks: 1 }) { id }
}`;
const BOOK = `mutation ($input: BookAvailabilityInput!) { bookAvailability(input: $input) { id status meetingUrl meetingPassword } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawAvailability(input: { availabilityId: $id }) { id isBooked } }`;
const STEP = (name: string) => `mutation ($id: ID!) { ${name}(input: { bookingId: $id }) { id status meetingUrl meetingPassword } }`;
const DECLINE = `mutation ($id: ID!) { declineBooking(input: { bookingId: $id, reason: "Pas disponible" }) { id status cancellationReason meetingUrl meetingPassword } }`;
const CANCEL = `mutation ($id: ID!) { cancelBooking(input: { bookingId: $id, reason: "Empêchement" }) { id status meetingUrl meetingPassword } }`;
const RESCHEDULE = `mutation ($bookingId: ID!, $availabilityId: ID!) {
  rescheduleBooking(input: { bookingId: $bookingId, availabilityId: $availabilityId }) { id startTime endTime durationMinutes }
}`;
const UPDATE_REPORT = `mutation ($input: UpdateSessionReportInput!) { updateSessionReport(input: $input) { id topicsCovered teacherNotes studentPerformance } }`;
const FREE = `query ($input: FreeLocationsInput!) { freeLocations(input: $input) { id capacity } }`;

type Response = Awaited<ReturnType<TestApp['graphql']>>;

interface Teacher {
  token: string;
  id: number;
  subject: string;
}

describe('slots, booking lifecycle and rooms', () => {
  let app: TestApp;
  let admin: string;
  let student: string;
  let teacher: Teacher;
  let otherTeacher: Teacher;
  let studentId: number;
  let hour = 0;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const codeOf = (response: Response) => response.errors?.[0].extensions?.code;
  const fieldsOf = (response: Response) => response.errors?.[0].extensions?.fields as string[] | undefined;

  /** A future time, 3 hours after the previous one, out of the way of the seeded lessons. */
  function nextTime(minutes = 60): { start: string; end: string } {
    hour += 3;
    const start = new Date(Date.UTC(2035, 0, 1, 0, 0) + hour * 3600_000);
    return { start: start.toISOString(), end: new Date(start.getTime() + minutes * 60_000).toISOString() };
  }

  async function count(sql: string, values: unknown[] = []): Promise<number> {
    const [row] = (await app.dataSource.query(sql, values)) as Array<{ count: number }>;
    return Number(row.count);
  }

  async function publish(who: Teacher, time = nextTime(), inPerson = false): Promise<string> {
    const response = await app.graphql<{ publishAvailability: Array<{ id: string }> }>(PUBLISH, { ...time, inPerson }, as(who.token));
    expect(response.errors).toBeUndefined();
    return response.data!.publishAvailability[0].id;
  }

  function book(availabilityId: string, who: Teacher, token = student, extra: Record<string, unknown> = {}) {
    return app.graphql<{ bookAvailability: { id: string; status: string; meetingUrl: string | null; meetingPassword: string | null } }>(
      BOOK,
      { input: { availabilityId, studentId: String(studentId), subject: who.subject, format: 'ONLINE', ...extra } },
      as(token),
    );
  }

  async function signInTeacher(email: string): Promise<Teacher> {
    const [row] = (await app.dataSource.query(
      `SELECT t.id, t.subjects->>0 AS subject FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email = $1`,
      [email],
    )) as Array<{ id: number; subject: string }>;
    return { token: await app.signIn(email), id: row.id, subject: row.subject };
  }

  /** A lesson of the teacher with the student that took place (in 2002, out of the way of anything else). */
  async function startedBooking(status: string): Promise<string> {
    hour += 3;
    const [row] = (await app.dataSource.query(
      `INSERT INTO bookings (student_id, teacher_id, start_time, end_time, format, subject, status)
       VALUES ($1, $2, timestamptz '2002-01-01T08:00:00Z' + make_interval(hours => $3), timestamptz '2002-01-01T09:00:00Z' + make_interval(hours => $3), 'online', $4, $5)
       RETURNING id`,
      [studentId, teacher.id, hour, teacher.subject, status],
    )) as Array<{ id: number }>;
    return String(row.id);
  }

  beforeAll(async () => {
    app = await startTestApp({ signInAs: null });
    admin = await app.signIn('admin@example.com');
    student = await app.signIn('student@example.com');
    teacher = await signInTeacher('teacher@example.com');
    const [other] = (await app.dataSource.query(
      `SELECT u.email FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email <> 'teacher@example.com' AND jsonb_array_length(t.subjects) > 0 ORDER BY t.id LIMIT 1`,
    )) as Array<{ email: string }>;
    otherTeacher = await signInTeacher(other.email);
    const [own] = (await app.dataSource.query(`SELECT s.id FROM students s JOIN users u ON u.id = s.user_id WHERE u.email = 'student@example.com'`)) as Array<{
      id: number;
    }>;
    studentId = own.id;
  });
  afterAll(async () => {
    await app.close();
  });

  describe('slot length', () => {
    it.each([
      ['10 minutes', 10],
      ['24 hours', 24 * 60],
    ])('refuses a slot of %s with BAD_USER_INPUT on input.endTime, writing nothing', async (_label, minutes) => {
      const before = await count('SELECT count(*) FROM availabilities WHERE teacher_id = $1', [teacher.id]);
      const response = await app.graphql(PUBLISH, { ...nextTime(minutes), inPerson: false }, as(teacher.token));
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual(['input.endTime']);
      expect(response.errors![0].message).toMatch(/15 minutes to 4 hours/);
      expect(await count('SELECT count(*) FROM availabilities WHERE teacher_id = $1', [teacher.id])).toBe(before);
    });

    it('accepts 15 minutes and 4 hours, and the database refuses a longer slot written by hand', async () => {
      await publish(teacher, nextTime(15));
      await publish(teacher, nextTime(240));
      const time = nextTime(241);
      await expect(
        app.dataSource.query(`INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person) VALUES ($1, $2, $3, false)`, [teacher.id, time.start, time.end]),
      ).rejects.toMatchObject({ constraint: 'chk_availabilities_duration' });
    });
  });

  describe('withdrawAvailability', () => {
    it('takes a free future slot of the teacher off the list', async () => {
      const slot = await publish(teacher);
      const response = await app.graphql<{ withdrawAvailability: { id: string } }>(WITHDRAW, { id: slot }, as(teacher.token));
      expect(response.errors).toBeUndefined();
      expect(response.data!.withdrawAvailability).toEqual({ id: slot, isBooked: false });
      expect(await count('SELECT count(*) FROM availabilities WHERE id = $1', [Number(slot)])).toBe(0);
    });

    it('refuses another teacher’s slot (FORBIDDEN), a booked one (CONFLICT) and a started one (CONFLICT), keeping them', async () => {
      const free = await publish(teacher);
      expect(codeOf(await app.graphql(WITHDRAW, { id: free }, as(otherTeacher.token)))).toBe('FORBIDDEN');
      const booked = await publish(teacher);
      expect((await book(booked, teacher)).errors).toBeUndefined();
      const refused = await app.graphql(WITHDRAW, { id: booked }, as(teacher.token));
      expect(codeOf(refused)).toBe('CONFLICT');
      expect(refused.errors![0].message).toMatch(/cancel the booking first/);
      const [past] = (await app.dataSource.query(
        `INSERT INTO availabilities (teacher_id, start_time, end_time, is_for_in_person) VALUES ($1, now() - interval '30 minutes', now() + interval '30 minutes', false) RETURNING id`,
        [teacher.id],
      )) as Array<{ id: number }>;
      expect(codeOf(await app.graphql(WITHDRAW, { id: String(past.id) }, as(teacher.token)))).toBe('CONFLICT');
      expect(await count('SELECT count(*) FROM availabilities WHERE id = ANY($1::int[])', [[Number(free), Number(booked), past.id]])).toBe(3);
    });
  });

  describe('rescheduleBooking keeps the lesson’s length', () => {
    it('moves a one-hour lesson onto a three-hour slot as a one-hour lesson', async () => {
      const booking = (await book(await publish(teacher), teacher)).data!.bookAvailability.id;
      const time = nextTime(180);
      const response = await app.graphql<{ rescheduleBooking: { startTime: string; endTime: string; durationMinutes: number } }>(
        RESCHEDULE,
        { bookingId: booking, availabilityId: await publish(teacher, time) },
        as(student),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.rescheduleBooking).toMatchObject({ durationMinutes: 60 });
      expect(Date.parse(response.data!.rescheduleBooking.startTime)).toBe(Date.parse(time.start));
      expect(Date.parse(response.data!.rescheduleBooking.endTime)).toBe(Date.parse(time.start) + 3600_000);
    });

    it('refuses a slot shorter than the lesson (BAD_USER_INPUT), leaving both slots and the lesson as they were', async () => {
      const oldSlot = await publish(teacher);
      const booking = (await book(oldSlot, teacher)).data!.bookAvailability.id;
      const shortSlot = await publish(teacher, nextTime(30));
      const response = await app.graphql(RESCHEDULE, { bookingId: booking, availabilityId: shortSlot }, as(student));
      expect(codeOf(response)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(response)).toEqual(['input.availabilityId']);
      const [row] = (await app.dataSource.query(
        `SELECT b.availability_id AS "availabilityId", b.duration_minutes AS minutes, (SELECT is_booked FROM availabilities WHERE id = $2) AS "shortBooked",
                (SELECT is_booked FROM availabilities WHERE id = $3) AS "oldBooked" FROM bookings b WHERE b.id = $1`,
        [Number(booking), Number(shortSlot), Number(oldSlot)],
      )) as Array<Record<string, unknown>>;
      expect(row).toEqual({ availabilityId: Number(oldSlot), minutes: 60, shortBooked: false, oldBooked: true });
    });
  });

  describe('booking lifecycle', () => {
    it('a student’s online booking is PENDING with a meeting link and passcode; the teacher confirms it once', async () => {
      const booking = (await book(await publish(teacher), teacher)).data!.bookAvailability;
      expect(booking.status).toBe('PENDING');
      expect(booking.meetingUrl).toMatch(/^https:\/\//);
      expect(booking.meetingPassword).toMatch(/^[\w-]{8}$/);
      expect(codeOf(await app.graphql(STEP('confirmBooking'), { id: booking.id }, as(otherTeacher.token)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(STEP('confirmBooking'), { id: booking.id }, as(student)))).toBe('FORBIDDEN');
      const confirmed = await app.graphql<{ confirmBooking: { status: string } }>(STEP('confirmBooking'), { id: booking.id }, as(teacher.token));
      expect(confirmed.data!.confirmBooking.status).toBe('CONFIRMED');
      expect(codeOf(await app.graphql(STEP('confirmBooking'), { id: booking.id }, as(teacher.token)))).toBe('CONFLICT');
    });

    it('an admin’s booking starts CONFIRMED', async () => {
      const response = await book(await publish(teacher), teacher, admin);
      expect(response.data!.bookAvailability.status).toBe('CONFIRMED');
    });

    it('declining a pending booking cancels it, frees the slot and removes the meeting link; a confirmed one cannot be declined', async () => {
      const slot = await publish(teacher);
      const booking = (await book(slot, teacher)).data!.bookAvailability.id;
      const declined = await app.graphql<{ declineBooking: Record<string, unknown> }>(DECLINE, { id: booking }, as(teacher.token));
      expect(declined.data!.declineBooking).toEqual({ id: booking, status: 'CANCELLED', cancellationReason: 'Pas disponible', meetingUrl: null, meetingPassword: null });
      expect(await count('SELECT count(*) FROM availabilities WHERE id = $1 AND is_booked', [Number(slot)])).toBe(0);
      const confirmed = (await book(await publish(teacher), teacher, admin)).data!.bookAvailability.id;
      expect(codeOf(await app.graphql(DECLINE, { id: confirmed }, as(teacher.token)))).toBe('CONFLICT');
      expect(await count(`SELECT count(*) FROM bookings WHERE id = $1 AND status = 'confirmed'`, [Number(confirmed)])).toBe(1);
    });

    it('a cancelled booking loses its meeting link and passcode', async () => {
      const booking = (await book(await publish(teacher), teacher)).data!.bookAvailability.id;
      const cancelled = await app.graphql<{ cancelBooking: Record<string, unknown> }>(CANCEL, { id: booking }, as(student));
      expect(cancelled.data!.cancelBooking).toEqual({ id: booking, status: 'CANCELLED', meetingUrl: null, meetingPassword: null });
    });

    it('markNoShow records a confirmed lesson that has started; not a future, pending or completed one', async () => {
      const started = await startedBooking('confirmed');
      expect(codeOf(await app.graphql(STEP('markNoShow'), { id: started }, as(otherTeacher.token)))).toBe('FORBIDDEN');
      const marked = await app.graphql<{ markNoShow: { status: string } }>(STEP('markNoShow'), { id: started }, as(teacher.token));
      expect(marked.data!.markNoShow.status).toBe('NO_SHOW');
      const future = (await book(await publish(teacher), teacher, admin)).data!.bookAvailability.id;
      expect(codeOf(await app.graphql(STEP('markNoShow'), { id: future }, as(teacher.token)))).toBe('CONFLICT');
      for (const status of ['pending', 'completed']) {
        const id = await startedBooking(status);
        expect(codeOf(await app.graphql(STEP('markNoShow'), { id }, as(teacher.token)))).toBe('CONFLICT');
        expect(await count('SELECT count(*) FROM bookings WHERE id = $1 AND status = $2', [Number(id), status])).toBe(1);
      }
    });
  });

  describe('updateSessionReport', () => {
    it('lets the teacher who wrote it change it, and nobody else', async () => {
      const booking = await startedBooking('completed');
      const [report] = (await app.dataSource.query(
        `INSERT INTO session_reports (booking_id, teacher_id, topics_covered, student_performance, teacher_notes) VALUES ($1, $2, '["Suites"]', 3, 'Avant') RETURNING id`,
        [Number(booking), teacher.id],
      )) as Array<{ id: number }>;
      const input = { sessionReportId: String(report.id), topicsCovered: [' Intégrales ', 'Primitives'], teacherNotes: 'Après' };
      expect(codeOf(await app.graphql(UPDATE_REPORT, { input }, as(otherTeacher.token)))).toBe('FORBIDDEN');
      expect(codeOf(await app.graphql(UPDATE_REPORT, { input }, as(admin)))).toBe('FORBIDDEN');
      expect(await count(`SELECT count(*) FROM session_reports WHERE id = $1 AND teacher_notes = 'Avant'`, [report.id])).toBe(1);
      const updated = await app.graphql<{ updateSessionReport: Record<string, unknown> }>(UPDATE_REPORT, { input }, as(teacher.token));
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateSessionReport).toMatchObject({ teacherNotes: 'Après', studentPerformance: 3 });
      const bad = await app.graphql(UPDATE_REPORT, { input: { sessionReportId: String(report.id), studentPerformance: 9 } }, as(teacher.token));
      expect(codeOf(bad)).toBe('BAD_USER_INPUT');
      expect(await count(`SELECT count(*) FROM session_reports WHERE id = $1 AND student_performance = 3`, [report.id])).toBe(1);
    });
  });

  describe('rooms', () => {
    let teachers: Teacher[];
    let students: number[];

    beforeAll(async () => {
      const rows = (await app.dataSource.query(
        `SELECT u.email FROM teachers t JOIN users u ON u.id = t.user_id WHERE jsonb_array_length(t.subjects) > 0 AND u.email <> 'teacher@example.com' ORDER BY t.id LIMIT 4 OFFSET 1`,
      )) as Array<{ email: string }>;
      teachers = await Promise.all(rows.map((row) => signInTeacher(row.email)));
      students = ((await app.dataSource.query(`SELECT id FROM students WHERE is_active IS NOT FALSE ORDER BY id LIMIT 4 OFFSET 10`)) as Array<{ id: number }>).map((row) => row.id);
    });

    async function room(capacity: number): Promise<number> {
      const [row] = (await app.dataSource.query(`INSERT INTO locations (name, capacity, is_active) VALUES ('Salle règles', $1, true) RETURNING id`, [capacity])) as Array<{
        id: number;
      }>;
      return row.id;
    }

    /** In-person slots of the first n teachers at one time, booked by the admin for n students into the room, all at once. */
    async function bookTogether(locationId: number, n: number, time = nextTime()): Promise<Response[]> {
      const slots = await Promise.all(teachers.slice(0, n).map((who) => publish(who, time, true)));
      return Promise.all(
        slots.map((slot, index) =>
          app.graphql(
            BOOK,
            { input: { availabilityId: slot, studentId: String(students[index]), subject: teachers[index].subject, format: 'IN_PERSON', locationId: String(locationId) } },
            as(admin),
          ),
        ),
      );
    }

    it('of 4 concurrent in-person bookings into a room of 2 seats at one time, exactly 2 win; the others are CONFLICT and write nothing', async () => {
      const locationId = await room(2);
      const time = nextTime();
      const responses = await bookTogether(locationId, 4, time);
      expect(responses.filter((response) => !response.errors)).toHaveLength(2);
      const refused = responses.filter((response) => response.errors);
      expect(refused.map(codeOf)).toEqual(['CONFLICT', 'CONFLICT']);
      expect(refused[0].errors![0].message).toMatch(/room is full/);
      expect(await count(`SELECT count(*) FROM bookings WHERE location_id = $1`, [locationId])).toBe(2);
      expect(await count(`SELECT count(*) FROM availabilities WHERE teacher_id = ANY($1::int[]) AND is_booked AND start_time = $2`, [teachers.map((t) => t.id), time.start])).toBe(2);
    });

    it('counts group sessions by their places and lists only rooms with enough free seats in freeLocations', async () => {
      const locationId = await room(3);
      const time = nextTime();
      const input = { startTime: time.start, endTime: time.end, seats: 1 };
      const ids = async (seats = 1) =>
        ((await app.graphql<{ freeLocations: Array<{ id: string }> }>(FREE, { input: { ...input, seats } }, as(student))).data!.freeLocations).map((row) => Number(row.id));
      expect(await ids()).toContain(locationId);
      const [group] = (await app.dataSource.query(
        `INSERT INTO groups (name, subject, level, max_students, current_students, teacher_id) VALUES ('Groupe salle', 'Mathématiques', 'terminale', 3, 0, $1) RETURNING id`,
        [teacher.id],
      )) as Array<{ id: number }>;
      await app.dataSource.query(
        `INSERT INTO group_sessions (group_id, subject, scheduled_at, duration_minutes, format, location_id, status) VALUES ($1, 'Mathématiques', $2, 60, 'in_person', $3, 'scheduled')`,
        [group.id, time.start, locationId],
      );
      expect(await ids()).not.toContain(locationId);
      const refused = await bookTogether(locationId, 1, time);
      expect(codeOf(refused[0])).toBe('CONFLICT');
      expect((await ids(1)).length).toBeGreaterThan(0);
      expect(await ids(200)).toEqual([]);
    });

    it('refuses a bad range with BAD_USER_INPUT and anonymous callers with UNAUTHENTICATED', async () => {
      const time = nextTime();
      const reversed = await app.graphql(FREE, { input: { startTime: time.end, endTime: time.start } }, as(student));
      expect(codeOf(reversed)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(reversed)).toEqual(['input.endTime']);
      const anonymous = await app.graphql(FREE, { input: { startTime: time.start, endTime: time.end } }, { authorization: '' });
      expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
    });
  });
});
